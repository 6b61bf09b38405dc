import type { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { ffmpegPath, ffprobePath, runFfmpeg } from '../../../test/helpers/media.ts';
import { probeSegment } from '../../../test/support/ffprobe.ts';
import { parseMediaPlaylist, sum } from '../../../test/support/playlist.ts';
import { FfmpegRunner } from './ffmpeg.runner.js';
import { HlsService } from './index.js';
import { KeyframeIndexReader } from './keyframe-index.reader.js';
import { SPEC_HLS_OPTIONS, startHlsApp } from './testing/hls-test-app.js';
import { mediaFixture, never } from './testing/media-fixture.js';
import { SegmentService } from './segment.service.js';

// H.264 in Matroska, the common torrent case: keyframes from Cues over Range requests, then copy.
const fx = mediaFixture('hls-mkv-spec-', 'mkv', generate);
const run = promisify(execFile);
const SEGMENT = 4;
const media = {
  // near-lossless 720p, ~45 MB: its Cues sit at the very end, after every cluster
  big: 'h264-720p.mkv',
  // veryfast keeps B-frames; AAC priming makes ffmpeg start the video at 23 ms
  clip: 'h264-aac.mkv',
  // Cues at the end that its SeekHead no longer names: must still be re-encoded
  hidden: 'h264-aac-hidden-cues.mkv',
};

const source = (fileName: string) => fx.source(fileName);
const extinfs = (playlist: string) => parseMediaPlaylist(playlist).durations;

async function generate(): Promise<void> {
  const ffmpeg = (args: string, output: string) =>
    runFfmpeg([...args.split(' '), join(fx.dir, output)]);
  const lavfi = (size: string, seconds: number) =>
    `-f lavfi -i testsrc2=size=${size}:rate=30 -f lavfi -i sine=frequency=440:sample_rate=44100 -t ${seconds}`;
  const gop = '-g 48 -keyint_min 48 -sc_threshold 0 -pix_fmt yuv420p';
  await Promise.all([
    ffmpeg(`${lavfi('1280x720', 20)} -c:v libx264 -preset ultrafast -qp 1 ${gop} -c:a aac`, media.big),
    ffmpeg(`${lavfi('320x180', 30)} -c:v libx264 -preset veryfast ${gop} -c:a aac -b:a 64k`, media.clip),
    ffmpeg(`${lavfi('320x180', 12)} -c:v libx264 -preset veryfast ${gop} -c:a aac -write_crc32 0`, media.hidden),
  ]);
  // rename the Seek entry's target (SeekID 0x1C53BB6B → 0x1C53BB00); no CRC-32 to break
  const bytes = await readFile(join(fx.dir, media.hidden));
  const entry = bytes.indexOf(Buffer.from('53ab841c53bb6b', 'hex'));
  expect(entry).toBeGreaterThan(0);
  bytes[entry + 6] = 0;
  await writeFile(join(fx.dir, media.hidden), bytes);
}


async function createApp(): Promise<INestApplication> {
  const app = await startHlsApp({
    ...SPEC_HLS_OPTIONS,
    segmentDurationSeconds: SEGMENT,
    workDir: join(fx.dir, `work-${fx.apps.length}`),
    ffmpegPath: await ffmpegPath(),
    ffprobePath: await ffprobePath(),
  });
  fx.apps.push(app);
  return app;
}

async function ffprobe(...args: string[]): Promise<string> {
  return (await run(await ffprobePath(), ['-v', 'error', ...args])).stdout;
}

/** Video keyframe times as ffmpeg's demuxer reads them, packet by packet (the expensive way). */
async function demuxedKeyframes(path: string): Promise<number[]> {
  const csv = await ffprobe('-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', path);
  return csv
    .split('\n')
    .filter((line) => line.includes(',K'))
    .map((line) => Number(line.split(',')[0]));
}

describe('H.264 in Matroska against real ffmpeg', () => {

  it('reads keyframe times from Cues at the end of a 45 MB file with a few small Range requests', async () => {
    const { size } = await stat(join(fx.dir, media.big));
    expect(size).toBeGreaterThan(30_000_000);
    Object.assign(fx.files.served, { bytes: 0, requests: 0 });
    const cues = await new KeyframeIndexReader().mkvKeyframes(source(media.big));
    const index = { ...fx.files.served };
    expect(cues).toEqual(await demuxedKeyframes(join(fx.dir, media.big)));
    expect(cues?.slice(0, 3)).toEqual([0.023, 1.623, 3.223]);
    // the 64 KB head (header, SeekHead, Info, Tracks) plus the Cues: nothing from the clusters
    expect(index.requests).toBeLessThanOrEqual(3);
    expect(index.bytes).toBeLessThan(80 * 1024);
    expect(index.bytes).toBeLessThan(size / 500);

    // the whole probe (ffprobe included) stays a small fraction too
    Object.assign(fx.files.served, { bytes: 0, requests: 0 });
    const app = await createApp();
    expect((await app.get(HlsService).probe(source(media.big))).keyframes?.length).toBe(cues?.length);
    expect(fx.files.served.bytes).toBeLessThan(size / 4);
    process.stdout.write(
      `[mkv index] ${size} B file: index ${index.bytes} B in ${index.requests} requests; whole probe ${fx.files.served.bytes} B\n`,
    );
  }, 30_000);

  it('remuxes H.264/AAC MKV: copied video cut on cue times, continuous and truthful segments', async () => {
    const app = await createApp();
    const hls = app.get(HlsService);
    const spawned: string[][] = [];
    const runner = app.get(FfmpegRunner);
    const original = runner.run.bind(runner);
    vi.spyOn(runner, 'run').mockImplementation(
      (binary, args, options) => (spawned.push(args), original(binary, args, options)),
    );
    const src = source(media.clip);

    const started = Date.now();
    const playlist = await hls.mediaPlaylist(src);
    const first = await hls.segment(src, 0, never());
    const coldMs = Date.now() - started;
    expect(coldMs).toBeLessThan(10_000);

    const { info, plan } = await app.get(SegmentService).filePlan(src);
    expect(info.formatName).toContain('matroska');
    expect(plan.video?.mode).toBe('copy');
    expect(plan.cuts).toBe('source-keyframes');
    expect(plan.boundaries.slice(0, 4)).toEqual([0, 4.823, 8.023, 12.823]);
    expect(spawned.some((args) => args.join(' ').includes('-c:v copy'))).toBe(true);
    expect(spawned.some((args) => args.includes('libx264'))).toBe(false);

    const durations = extinfs(playlist);
    expect(Math.abs(sum(durations) - info.durationSeconds)).toBeLessThan(0.5);
    const start0 = (await probeSegment(first.path)).startTime;
    for (const index of [1, 2, 4, durations.length - 1]) {
      const probed = await probeSegment((await hls.segment(src, index, never())).path);
      expect(probed).toMatchObject({ formatName: 'mpegts', codecs: ['aac', 'h264'], firstVideoFrameIsKey: true });
      expect(Math.abs(probed.startTime - start0 - sum(durations.slice(0, index)))).toBeLessThan(0.1);
    }
    process.stdout.write(`[mkv remux] cold playlist → segment 0: ${coldMs} ms\n`);
  }, 60_000);

  it('still re-encodes an MKV whose Cues no SeekHead names', async () => {
    const app = await createApp();
    const src = source(media.hidden);
    const { info, plan } = await app.get(SegmentService).filePlan(src);
    expect(info.keyframes).toBeUndefined();
    expect(plan.video?.mode).toBe('encode');
    expect((await app.get(HlsService).segment(src, 1, never())).size).toBeGreaterThan(0);
  }, 30_000);
});
