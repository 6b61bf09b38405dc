import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './helpers/files.ts';
import { makeH264AacMp4, makeMpeg4Mkv } from './helpers/media.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import {
  describePlayer,
  launchChromium,
  openHlsPlayer,
  startPlayerServer,
  type HlsPlayer,
  type PlayerServer,
  type PlayerState,
} from './support/browser.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { cleanUp } from './support/cleanup.ts';

/**
 * A real browser: headless Chromium plays our HLS with hls.js. `video.currentTime` passes
 * 3 s from the start, and again after seeking to 70 %; a source that must be re-encoded
 * (MPEG-4 Part 2 + MP3 in Matroska) plays too. The page lives on its own origin, so every
 * playlist and segment request also goes through CORS.
 */
const MP4_SECONDS = 60;
const MKV_SECONDS = 30;
const PLAY_TIMEOUT_MS = 60_000;

interface TorrentFile {
  id: number;
  name: string;
  hlsUrl?: string;
}

describe('a real browser plays HLS with hls.js', () => {
  let dir: string | undefined;
  let browser: Browser | undefined;
  let playerServer: PlayerServer | undefined;
  let mp4Swarm: Swarm | undefined;
  let mkvSwarm: Swarm | undefined;
  let server: TestApp | undefined;
  const players: HlsPlayer[] = [];
  let mp4HlsUrl: string;
  let mkvHlsUrl: string;

  beforeAll(async () => {
    // first, so a machine without Chromium fails at once with the reason
    browser = await launchChromium();
    dir = await makeTempDir('tod-p2m-browser');
    const [mp4, mkv] = await Promise.all([
      makeH264AacMp4(join(dir, 'mp4', 'movie.mp4'), { seconds: MP4_SECONDS, size: '640x360', fps: 24, gopSeconds: 2, moovAtEnd: true }),
      makeMpeg4Mkv(join(dir, 'mkv', 'clip.mkv'), { seconds: MKV_SECONDS }),
    ]);
    [mp4Swarm, mkvSwarm, playerServer] = await Promise.all([
      startSwarm({ paths: [mp4] }),
      startSwarm({ paths: [mkv] }),
      startPlayerServer(),
    ]);
    server = await startTestApp({
      trackers: [mp4Swarm.announceUrl, mkvSwarm.announceUrl],
      hls_segment_duration: 4,
      torrent_timeout: '30s',
    });
    mp4HlsUrl = await hlsUrlOf(mp4Swarm.infoHash, 'movie.mp4');
    mkvHlsUrl = await hlsUrlOf(mkvSwarm.infoHash, 'clip.mkv');
  });

  afterAll(async () => {
    // each step on its own, so one failure never leaves a browser or seeder behind
    await cleanUp([
      ...players.map((player) => () => player.close()),
      () => browser?.close(),
      () => playerServer?.close(),
      () => server?.close(),
      () => mp4Swarm?.stop(),
      () => mkvSwarm?.stop(),
      () => (dir ? removeDir(dir) : undefined),
    ]);
  });

  async function hlsUrlOf(infoHash: string, name: string): Promise<string> {
    const response = await fetch(`${server!.baseUrl}/torrent/${infoHash}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { files: TorrentFile[] };
    const file = body.files.find((f) => f.name === name);
    expect(file?.hlsUrl).toMatch(/\/master\.m3u8$/);
    return file!.hlsUrl!;
  }

  async function open(masterUrl: string, hlsConfig?: Record<string, unknown>): Promise<HlsPlayer> {
    const mediaUrl = masterUrl.replace(/master\.m3u8$/, 'playlist.m3u8');
    const player = await openHlsPlayer(browser!, playerServer!.url, masterUrl, { mediaUrl, hlsConfig });
    players.push(player);
    return player;
  }

  /** Prints what the browser disliked (non-fatal hls.js errors, warnings, stalls), passing or not. */
  function report(label: string, state: PlayerState, player: HlsPlayer, extra: Record<string, unknown>): void {
    const stalls = state.videoEvents.filter((e) => e.type === 'waiting' || e.type === 'stalled');
    console.log(
      `[hls-browser] ${label}: ${JSON.stringify(extra)}; ${state.errors.length} hls.js errors, ` +
        `${state.logs.length} hls.js warnings, ${stalls.length} waiting/stalled events\n${describePlayer(state, player.console)}`,
    );
  }

  function expectCleanPlayback(state: PlayerState): void {
    expect(state.errors.filter((error) => error.fatal), 'fatal hls.js errors').toEqual([]);
    expect(state.videoError, 'video.error').toBeNull();
    expect(state.pageErrors, 'page errors').toEqual([]);
    expect(state.source, 'hls.js fell back from master.m3u8 to playlist.m3u8').toBe('master');
  }

  /** The MP4 playing from the start past `seconds`, in a player of its own (each test opens one). */
  async function playMp4(seconds: number) {
    // a short forward buffer, so the seek to 70 % needs segments nobody has asked for yet
    const player = await open(mp4HlsUrl, { maxBufferLength: 8, maxMaxBufferLength: 12 });
    return { player, ...(await player.waitForTime(seconds, PLAY_TIMEOUT_MS)) };
  }

  it('plays an H.264/AAC MP4 (moov at the end) from the start past 3 s', { timeout: 90_000 }, async () => {
    const started = Date.now();
    const { player, state, elapsedMs } = await playMp4(3);
    report('mp4 from start', state, player, {
      msToPass3s: elapsedMs,
      msToFirstPlaying: state.firstPlayingAt,
      msIncludingPageLoad: Date.now() - started,
    });
    expectCleanPlayback(state);
    expect(Math.abs(state.duration - MP4_SECONDS), `video.duration ${state.duration}`).toBeLessThanOrEqual(1);
    expect(state.level?.live).toBe(false);
    expect([state.videoWidth, state.videoHeight]).toEqual([640, 360]);
  });

  it('seeks to 70 % and plays on past 3 s more', { timeout: 90_000 }, async () => {
    const { player: mp4Player } = await playMp4(1);
    const before = await mp4Player.state();
    expect(Math.abs(before.duration - MP4_SECONDS), `video.duration ${before.duration}`).toBeLessThanOrEqual(1);
    const target = 0.7 * before.duration;
    expect(before.fragments.some((f) => f.start + f.duration > target), 'segments past 70 % loaded before the seek').toBe(false);
    await mp4Player.seek(target);
    const { state, elapsedMs } = await mp4Player.waitForTime(target + 3, PLAY_TIMEOUT_MS);
    const seekAt = state.videoEvents.find((e) => e.type === 'seek-requested')!.t;
    const afterSeek = state.fragments.filter((f) => f.t > seekAt);
    report('mp4 after seek to 70 %', state, mp4Player, {
      seekTarget: target,
      msToPassTargetPlus3s: elapsedMs,
      segmentsAfterSeek: afterSeek.map((f) => f.sn),
    });
    expectCleanPlayback(state);
    // the segment holding the target came from the server after the seek
    expect(afterSeek.some((f) => f.start <= target + 0.5 && target < f.start + f.duration)).toBe(true);
    expect(state.currentTime).toBeLessThanOrEqual(before.duration);
  });

  it('plays an MPEG-4 Part 2/MP3 MKV (re-encoded) from the start past 3 s', { timeout: 90_000 }, async () => {
    const started = Date.now();
    const player = await open(mkvHlsUrl);
    const { state, elapsedMs } = await player.waitForTime(3, PLAY_TIMEOUT_MS);
    report('mkv re-encode from start', state, player, {
      msToPass3s: elapsedMs,
      msToFirstPlaying: state.firstPlayingAt,
      msIncludingPageLoad: Date.now() - started,
    });
    expectCleanPlayback(state);
    expect(Math.abs(state.duration - MKV_SECONDS), `video.duration ${state.duration}`).toBeLessThanOrEqual(1);
  });
});
