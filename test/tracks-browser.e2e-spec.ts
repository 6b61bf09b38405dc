import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './helpers/files.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { makeMultiTrackMovie, SRT_CUES } from './helpers/tracks-media.ts';
import { describePlayer, launchChromium, openHlsPlayer, startPlayerServer, type HlsPlayer, type PlayerServer } from './support/browser.ts';
import { ffprobeJson } from './support/ffprobe.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { cleanUp } from './support/cleanup.ts';

/**
 * hls.js in headless Chromium on a file with two audio tracks and four text subtitles: it
 * lists them from the master playlist, switches the audio track while playing without
 * stopping, and shows a subtitle cue at its time (read from `video.textTracks`).
 */
const PLAY_TIMEOUT_MS = 60_000;

interface TrackList {
  audio: { name: string; lang?: string; default: boolean; channels?: string }[];
  audioTrack: number;
  subtitles: { name: string; lang?: string; forced: boolean }[];
}

interface TextTrackState {
  label: string;
  language: string;
  mode: string;
  cues: { start: number; end: number; text: string }[];
  active: string[];
  currentTime: number;
}

describe('hls.js plays every track of a file', () => {
  let dir: string | undefined;
  let browser: Browser | undefined;
  let playerServer: PlayerServer | undefined;
  let swarm: Swarm | undefined;
  let server: TestApp | undefined;
  let player: HlsPlayer | undefined;
  let masterUrl: string;
  /** Where ffmpeg put the embedded cues in Movie.mkv (the muxer shifts every stream alike). */
  let mkvShift: number;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await makeTempDir('tod-p2m-tracks-browser');
    const root = join(dir, 'media');
    await makeMultiTrackMovie(root);
    const packets = await ffprobeJson(join(root, 'Movie.mkv'), ['-select_streams', '3', '-show_entries', 'packet=pts_time', '-show_packets']);
    mkvShift = Number(packets.packets[0].pts_time) - SRT_CUES[0].start;
    [swarm, playerServer] = await Promise.all([startSwarm({ paths: [root], pieceLength: 256 * 1024 }), startPlayerServer()]);
    server = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: 4 });
    const response = await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`);
    expect(response.status).toBe(200);
    const { files } = (await response.json()) as { files: { name: string; hlsUrl?: string }[] };
    masterUrl = files.find((file) => file.name === 'Movie.mkv')?.hlsUrl ?? '';
    expect(masterUrl).toMatch(/\/master\.m3u8$/);
  });

  afterAll(async () => {
    await cleanUp([
      () => player?.close(),
      () => browser?.close(),
      () => playerServer?.close(),
      () => server?.close(),
      () => swarm?.stop(),
      () => (dir ? removeDir(dir) : undefined),
    ]);
  });

  /** Runs `body` in the page with its hls.js instance (the function's source is sent over). */
  const inPage = <T, A = undefined>(body: (hls: HlsJs, arg: A) => T, arg?: A): Promise<T> =>
    player!.page.evaluate<T>(`(${body.toString()})(globalThis.player.hls, ${JSON.stringify(arg ?? null)})`);

  const textTrack = (label: string) =>
    inPage<TextTrackState | undefined, string>((_hls, wanted) => {
      const video = document.querySelector('video');
      const track = [...video.textTracks].find((t) => t.label === wanted);
      if (!track) return undefined;
      const times = (cue: PageCue) => ({ start: cue.startTime, end: cue.endTime, text: cue.text });
      return {
        label: track.label,
        language: track.language,
        mode: track.mode,
        cues: [...(track.cues ?? [])].map(times),
        active: [...(track.activeCues ?? [])].map((cue) => cue.text),
        currentTime: video.currentTime,
      };
    }, label);

  it('lists both audio tracks and every text subtitle, switches audio while playing, shows a cue on time', { timeout: 150_000 }, async () => {
    player = await openHlsPlayer(browser!, playerServer!.url, masterUrl, { hlsConfig: { maxBufferLength: 8, maxMaxBufferLength: 12 } });
    const { state: started } = await player.waitForTime(1, PLAY_TIMEOUT_MS);

    const tracks = await inPage(
      (hls) => ({
        audio: hls.audioTracks.map((t) => ({ name: t.name, lang: t.lang, default: t.default, channels: t.channels })),
        audioTrack: hls.audioTrack,
        subtitles: hls.subtitleTracks.map((t) => ({ name: t.name, lang: t.lang, forced: t.forced })),
      }),
    ) as TrackList;
    expect(tracks.audio).toEqual([
      { name: 'English 5.1', lang: 'en', default: true, channels: '6' },
      { name: 'Français', lang: 'fr', default: false, channels: '2' },
    ]);
    expect(tracks.audioTrack).toBe(0);
    expect(tracks.subtitles).toEqual([
      { name: 'English', lang: 'en', forced: false },
      { name: 'French (forced)', lang: 'fr', forced: true },
      { name: 'Russian', lang: 'ru', forced: false },
      { name: 'French', lang: 'fr', forced: false },
    ]);
    expect(started.fragments.some((f) => f.type === 'audio' && f.url.includes('/audio/0/'))).toBe(true);

    // switch to the French track mid-play, and show the English subtitles
    const { currentTime: switchedAt, t: switchedAtPageMs } = await player.state();
    await inPage((hls) => {
      hls.audioTrack = 1;
      hls.subtitleDisplay = true;
      hls.subtitleTrack = 0;
    });
    const { state: afterSwitch } = await player.waitForTime(switchedAt + 4, PLAY_TIMEOUT_MS);
    expect(await inPage((hls) => hls.audioTrack)).toBe(1);
    const french = afterSwitch.fragments.filter((f) => f.type === 'audio' && f.url.includes('/audio/1/'));
    expect(french.length, describePlayer(afterSwitch)).toBeGreaterThan(0);
    expect(french.every((f) => f.t >= switchedAtPageMs)).toBe(true);
    expect(afterSwitch.errors.filter((e) => e.fatal), 'fatal hls.js errors').toEqual([]);
    expect(afterSwitch.videoError).toBeNull();
    expect(afterSwitch.paused).toBe(false);

    // "Second cue" runs 12.25–14 s in the source: it must be on screen in that window
    const second = SRT_CUES[1];
    const deadline = Date.now() + PLAY_TIMEOUT_MS;
    let seen: TextTrackState | undefined;
    for (;;) {
      const track = await textTrack('English');
      if (track && track.currentTime > second.start + mkvShift + 0.1 && track.currentTime < second.end + mkvShift - 0.1) {
        seen = track;
        break;
      }
      if (Date.now() > deadline || (track?.currentTime ?? 0) > second.end) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const final = await player.state();
    expect(seen, `never inside the cue's window\n${describePlayer(final, player.console)}`).toBeDefined();
    expect(seen!.mode).toBe('showing');
    expect(seen!.language).toBe('en');
    expect(seen!.active).toEqual([second.text]);
    const cue = seen!.cues.find((c) => c.text === second.text);
    expect(cue).toBeDefined();
    expect(Math.abs(cue!.start - (second.start + mkvShift))).toBeLessThan(0.05);
    expect(Math.abs(cue!.end - (second.end + mkvShift))).toBeLessThan(0.05);
    console.log(
      `[tracks-browser] switched audio at ${switchedAt} s; French audio fragments ${french.map((f) => f.sn).join(',')}; ` +
        `cue "${second.text}" at ${cue!.start}–${cue!.end} s (source ${second.start}–${second.end} s + ${mkvShift.toFixed(3)} s)`,
    );
    expect(final.errors.filter((e) => e.fatal), 'fatal hls.js errors').toEqual([]);
  });
});

/** What the spec reads of hls.js inside the page (the project compiles without DOM types). */
interface HlsJs {
  audioTracks: { name: string; lang?: string; default: boolean; channels?: string }[];
  audioTrack: number;
  subtitleTracks: { name: string; lang?: string; forced: boolean }[];
  subtitleTrack: number;
  subtitleDisplay: boolean;
}

interface PageCue {
  startTime: number;
  endTime: number;
  text: string;
}

interface PageVideo {
  currentTime: number;
  textTracks: Iterable<{ label: string; language: string; mode: string; cues: Iterable<PageCue> | null; activeCues: Iterable<PageCue> | null }>;
}

declare const document: { querySelector(selector: 'video'): PageVideo };
