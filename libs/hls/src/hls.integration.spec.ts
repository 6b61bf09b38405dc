import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath, ffprobePath, npmFfprobePath, runFfmpeg } from '../../../test/helpers/media.ts';
import { probeSegment } from '../../../test/support/ffprobe.ts';
import { parseMediaPlaylist, sum } from '../../../test/support/playlist.ts';
import { SPEC_HLS_OPTIONS, startHlsApp } from './testing/hls-test-app.js';
import { mediaFixture, never } from './testing/media-fixture.js';
import { HlsError, HlsErrorCode, HlsService, type HlsModuleOptions, type HlsSource } from './index.js';

// Real ffmpeg against real files over a real loopback Range server: the whole point of the lib.
const fx = mediaFixture('hls-spec-', 'abc', generate);
const SEGMENT = 4;


const media = {
  mp4: 'h264-aac-moov-at-end.mp4',
  mkv: 'mpeg4-mp3.mkv',
  mp3: 'tone.mp3',
  ts: 'h264-aac.ts',
  // near-lossless, ~30 MB: big next to what loopback socket buffers and ffprobe's first packets take
  big: 'h264-720p-moov-at-end.mp4',
};
const source = (fileName: string) => fx.source(fileName);

async function generate(): Promise<void> {
  const lavfi = ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '30'];
  const make = runFfmpeg;
  await Promise.all([
    // veryfast keeps B-frames, so ctts and the edit list matter; no faststart: moov at the end
    make([...lavfi, '-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
      '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', join(fx.dir, media.mp4)]),
    make([...lavfi, '-c:v', 'mpeg4', '-g', '60', '-c:a', 'libmp3lame', join(fx.dir, media.mkv)]),
    make(['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '30', '-c:a', 'libmp3lame', join(fx.dir, media.mp3)]),
    make(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '16', '-c:v', 'libx264', '-preset', 'ultrafast',
      '-qp', '1', '-g', '60', '-pix_fmt', 'yuv420p', join(fx.dir, media.big)]),
  ]);
  await make(['-i', join(fx.dir, media.mp4), '-c', 'copy', join(fx.dir, media.ts)]);
}


async function createHls(overrides: Partial<HlsModuleOptions> = {}): Promise<HlsService> {
  const app = await startHlsApp({
    ...SPEC_HLS_OPTIONS,
    segmentDurationSeconds: SEGMENT,
    workDir: join(fx.dir, `work-${fx.apps.length}`),
    ffmpegPath: await ffmpegPath(),
    ffprobePath: await ffprobePath(),
    ...overrides,
  });
  fx.apps.push(app);
  return app.get(HlsService);
}

const extinfs = (playlist: string) => parseMediaPlaylist(playlist).durations;


/** Fetches segments and checks codecs, keyframe starts and timestamp continuity against EXTINF. */
async function checkSegments(hls: HlsService, src: HlsSource, indexes: number[], codecs: string[]): Promise<void> {
  const durations = extinfs(await hls.mediaPlaylist(src));
  const first = await probeSegment((await hls.segment(src, 0, never())).path);
  for (const index of indexes) {
    const file = await hls.segment(src, index, never());
    expect(file.size).toBe((await stat(file.path)).size);
    const probed = await probeSegment(file.path);
    expect(probed.formatName).toBe('mpegts');
    expect(probed.codecs).toEqual(codecs);
    if (probed.firstVideoFrameIsKey !== undefined) expect(probed.firstVideoFrameIsKey).toBe(true);
    expect(Math.abs(probed.startTime - first.startTime - sum(durations.slice(0, index)))).toBeLessThan(0.1);
  }
}

describe('HlsService against real ffmpeg', () => {
  let hls: HlsService;

  beforeAll(async () => {
    hls = await createHls();
  });

  it('remuxes an MP4 whose moov is at the end, cutting on keyframes read from the index only', async () => {
    fx.files.served.bytes = 0;
    const big = await hls.probe(source(media.big));
    expect(big.keyframes).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(fx.files.served.bytes).toBeLessThan((await stat(join(fx.dir, media.big))).size / 4);
    const src = source(media.mp4);
    const info = await hls.probe(src);
    expect(info.keyframes?.slice(0, 4)).toEqual([0, 2, 4, 6]);
    expect(await hls.masterPlaylist(src)).toMatch(/CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2",RESOLUTION=320x180\n/);
    const playlist = await hls.mediaPlaylist(src);
    expect(playlist).toMatch(/^#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MEDIA-SEQUENCE:0\n/);
    expect(playlist.endsWith('#EXT-X-ENDLIST\n')).toBe(true);
    expect(Math.abs(sum(extinfs(playlist)) - info.durationSeconds)).toBeLessThan(0.5);
    await checkSegments(hls, src, [1, 2, 3, 7], ['aac', 'h264']);
  }, 30_000);

  it('re-encodes MPEG-4 Part 2 with keyframes forced on the boundaries, cold at 70%', async () => {
    const src = source(media.mkv);
    const playlist = await hls.mediaPlaylist(src);
    const count = extinfs(playlist).length;
    expect(Math.abs(sum(extinfs(playlist)) - (await hls.probe(src)).durationSeconds)).toBeLessThan(0.5);
    await checkSegments(hls, src, [Math.floor(count * 0.7), 1, 2], ['aac', 'h264']);
  }, 30_000);

  it('makes audio-only segments from an MP3', async () => {
    const src = source(media.mp3);
    expect(await hls.masterPlaylist(src)).toContain('CODECS="mp4a.40.2"\nplaylist.m3u8');
    await checkSegments(hls, src, [1, 5], ['aac']);
  }, 30_000);

  it('throws SegmentNotFound past the end', async () => {
    const count = extinfs(await hls.mediaPlaylist(source(media.mp3))).length;
    await expect(hls.segment(source(media.mp3), count, never())).rejects.toMatchObject({ code: HlsErrorCode.SegmentNotFound });
  });

  it('probes MPEG-TS even with the npm ffprobe that segfaults on it', async () => {
    const withNpmProbe = await createHls({ ffprobePath: await npmFfprobePath() });
    const info = await withNpmProbe.probe(source(media.ts));
    expect(info.probedWith).toBe('ffmpeg');
    expect(info.video?.codec).toBe('h264');
    expect(Math.abs(info.durationSeconds - 30)).toBeLessThan(0.5);
    await checkSegments(withNpmProbe, source(media.ts), [2], ['aac', 'h264']);
  }, 30_000);

  it('lets an unwatched run give way, and answers TooManyProcesses when every run is watched', async () => {
    const capped = await createHls({ maxProcesses: 1, segmentsAhead: 1 });
    await capped.mediaPlaylist(source(media.mp3)); // probe now, so the race below is between runs only
    await capped.segment(source(media.mkv), 0, never());
    expect(capped.activeRuns()).toBe(1);
    // nobody waits on the mkv run any more: a viewer switching files takes its slot at once
    await capped.segment(source(media.mp4), 0, never());
    expect(capped.activeRuns()).toBe(1);

    let started = 0;
    capped.onActivity((activity) => {
      if (activity.type === 'run-started') started += 1;
    });
    const watched = capped.segment(source(media.mkv), 4, never());
    // wait until the mkv run holds the slot (its start is announced: the race must not depend on timing)
    await expect.poll(() => started, { interval: 5 }).toBe(1);
    const error = await capped.segment(source(media.mp3), 2, never()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HlsError);
    expect(error).toMatchObject({ code: HlsErrorCode.TooManyProcesses });
    expect((error as HlsError).retryAfterSeconds).toBeGreaterThan(0);
    await expect(watched).resolves.toMatchObject({ size: expect.any(Number) });
  }, 30_000);

  it('kills the run when its only client goes away', async () => {
    const fresh = await createHls();
    const controller = new AbortController();
    const pending = fresh.segment(source(media.mkv), 3, controller.signal);
    await expect.poll(() => fresh.activeRuns(), { interval: 5 }).toBe(1);
    const gone = new Error('the client went away');
    controller.abort(gone);
    await expect(pending).rejects.toBe(gone);
    expect(fresh.activeRuns()).toBe(0);
    await expect.poll(() => fresh.activeProcesses(), { timeout: 2_000 }).toBe(0);
  }, 30_000);
});
