import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BinariesService } from './binaries.service.js';
import type { FfmpegRunner, ProcessResult, RunOptions, RunningProcess } from './ffmpeg.runner.js';
import { HlsActivityHub } from './hls-activity.js';
import { HlsError, HlsErrorCode } from './hls.errors.js';
import type { HlsModuleOptions } from './hls.options.js';
import type { HlsSource, MediaInfo } from './media.types.js';
import type { ProbeService } from './probe.service.js';
import { SegmentService } from './segment.service.js';
import { SegmentStore } from './segment.store.js';

const SEGMENT = 4;
/** 40 s of audio: ten 4 s segments, cut on the clock (no keyframes to follow). */
const INFO: MediaInfo = { formatName: 'mp3', durationSeconds: 40, startTimeSeconds: 0, audio: { index: 0, codec: 'mp3' }, audioTracks: [], subtitleStreams: [], probedWith: 'ffprobe' };
/** 40 s of H.264 (keyframes every 2 s) with AC-3 5.1 (default) and AAC stereo tracks. */
const FILM: MediaInfo = {
  formatName: 'matroska,webm',
  durationSeconds: 40,
  startTimeSeconds: 0,
  video: { index: 0, codec: 'h264', profile: 'High', level: 31, width: 320, height: 180, pixelFormat: 'yuv420p', frameRate: 24 },
  audio: { index: 1, codec: 'ac3', channels: 6 },
  audioTracks: [
    { id: 0, streamIndex: 1, codec: 'ac3', channels: 6, label: 'English 5.1', default: true },
    { id: 1, streamIndex: 2, codec: 'aac', profile: 'LC', channels: 2, label: 'French', default: false },
  ],
  subtitleStreams: [],
  keyframes: Array.from({ length: 20 }, (_, i) => i * 2),
  probedWith: 'ffprobe',
};
const source = (name: string): HlsSource => ({ torrentKey: 'abc', fileKey: `abc/${name}`, url: `http://127.0.0.1:1/${name}`, fileName: name, kind: 'audio' });

/** One fake ffmpeg process: the spec closes segments (writing the file, printing the list line) and ends it. */
class FakeRun implements RunningProcess {
  readonly pid = 1;
  readonly done: Promise<ProcessResult>;
  killed = false;
  paused = false;
  readonly startIndex: number;
  /** The ffmpeg arguments, for assertions. */
  readonly argv: string[];
  private finish!: (result: ProcessResult) => void;

  constructor(
    private readonly args: string[],
    private readonly options: RunOptions,
  ) {
    this.argv = args;
    this.done = new Promise((resolve) => (this.finish = resolve));
    this.startIndex = Number(args[args.indexOf('-segment_start_number') + 1]);
  }

  kill(): void {
    this.killed = true;
    this.finish({ code: null, signal: 'SIGKILL', stdout: '', stderrTail: '', killed: true });
  }

  pause(): void {
    this.paused = true;
  }

  interrupt(): void {
    this.kill();
  }

  resume(): void {
    this.paused = false;
  }

  /** The muxer closed segment `index`: the file is written, then the CSV line goes to stdout. */
  async close(index: number): Promise<void> {
    const path = this.args.at(-1)!.replace('%d', String(index));
    await writeFile(path, Buffer.alloc(188 * 10));
    this.options.onStdoutLine?.(`${basename(path)},${index * SEGMENT}.000000,${(index + 1) * SEGMENT}.000000`);
  }

  exit(code: number, stderrTail = ''): void {
    this.finish({ code, signal: null, stdout: '', stderrTail, killed: false });
  }
}

describe('SegmentService (fake ffmpeg, fake clock)', () => {
  let dir: string;
  let runs: FakeRun[];
  let clock: { at: number; now(): number };
  let service: SegmentService | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'segment-service-'));
    runs = [];
    clock = { at: 1_000_000, now: () => clock.at };
  });
  afterEach(async () => {
    service?.onApplicationShutdown();
    service = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  function start(overrides: Partial<HlsModuleOptions> = {}, info: MediaInfo = INFO): SegmentService {
    const options: HlsModuleOptions = {
      segmentDurationSeconds: SEGMENT,
      maxProcesses: 2,
      maxVideoHeight: 720,
      runIdleTimeoutMs: 30_000,
      segmentsAhead: 2,
      workDir: dir,
      ...overrides,
    };
    const runner = {
      run: (_binary: string, args: string[], runOptions: RunOptions = {}) => {
        const run = new FakeRun(args, runOptions);
        runs.push(run);
        return run;
      },
    } as unknown as FfmpegRunner;
    const probes = { probe: () => Promise.resolve(info) } as unknown as ProbeService;
    const binaries = { ffmpeg: '/fake/ffmpeg' } as unknown as BinariesService;
    service = new SegmentService(options, probes, binaries, runner, new SegmentStore(options), new HlsActivityHub(), clock);
    return service;
  }

  const open = () => new AbortController().signal;
  const until = async (condition: () => boolean) => expect.poll(condition, { timeout: 2_000, interval: 5 }).toBe(true);

  it('serves sequential requests from one run, and restarts it where a far seek lands', async () => {
    const segments = start();
    const first = segments.segment(source('a.mp3'), 0, open());
    await until(() => runs.length === 1);
    expect(runs[0].startIndex).toBe(0);
    await runs[0].close(0);
    expect((await first).path).toBe(join((await segments.filePlan(source('a.mp3'))).dir, '0.ts'));

    // within the slack: waits for the same run
    const second = segments.segment(source('a.mp3'), 2, open());
    await runs[0].close(1);
    await runs[0].close(2);
    await second;
    expect(runs).toHaveLength(1);

    // far ahead: the old run is killed and a new one starts at the seek
    const seek = segments.segment(source('a.mp3'), 8, open());
    await until(() => runs.length === 2);
    expect(runs[0].killed).toBe(true);
    expect(runs[1].startIndex).toBe(8);
    await runs[1].close(8);
    await seek;
    expect(segments.activeRuns()).toBe(1);
  });

  it('pauses a run that got segmentsAhead past the latest request, and resumes it when asked for more', async () => {
    const segments = start({ segmentsAhead: 2 });
    const first = segments.segment(source('a.mp3'), 0, open());
    await until(() => runs.length === 1);
    for (const index of [0, 1, 2]) await runs[0].close(index);
    await first;
    await until(() => runs[0].paused);
    await segments.segment(source('a.mp3'), 1, open());
    expect(runs[0].paused).toBe(false);
  });

  it('stops a run nobody asked anything of for runIdleTimeoutMs', async () => {
    const segments = start({ runIdleTimeoutMs: 1_000 });
    const first = segments.segment(source('a.mp3'), 0, open());
    await until(() => runs.length === 1);
    await runs[0].close(0);
    await first;
    clock.at += 999;
    await new Promise((resolve) => setTimeout(resolve, 300)); // one reap tick (250 ms) at 999 ms idle
    expect(runs[0].killed).toBe(false);
    clock.at += 2;
    await until(() => runs[0].killed);
    expect(segments.activeRuns()).toBe(0);
  });

  it('past maxProcesses, an unwatched run gives way; with every run watched it is TooManyProcesses with a Retry-After from the clock', async () => {
    const segments = start({ maxProcesses: 1 });
    const a = segments.segment(source('a.mp3'), 0, open());
    await until(() => runs.length === 1);
    await runs[0].close(0);
    await a;
    // nobody waits on a.mp3's run: b.mp3 takes the slot at once
    const b = segments.segment(source('b.mp3'), 0, open());
    await until(() => runs.length === 2);
    expect(runs[0].killed).toBe(true);

    clock.at += 10_000;
    const refused = await segments.segment(source('c.mp3'), 0, open()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HlsError);
    expect(refused).toMatchObject({ code: HlsErrorCode.TooManyProcesses, retryAfterSeconds: 20 });
    await runs[1].close(0);
    await b;
  });

  it('counts each rendition being played as a run: video and the audio heard take two slots, a switch frees the old one', async () => {
    const segments = start({ maxProcesses: 2 }, FILM);
    const film = source('film.mkv');
    const video = segments.segment({ ...film, rendition: { kind: 'video' } }, 0, open());
    const english = segments.segment({ ...film, rendition: { kind: 'audio', trackId: 0 } }, 0, open());
    await until(() => runs.length === 2);
    expect(segments.activeRuns()).toBe(2);
    const maps = (run: FakeRun) => run.argv.filter((_, i) => run.argv[i - 1] === '-map');
    // the two runs start concurrently, in either order
    const videoRun = runs.find((run) => maps(run)[0] === '0:0')!;
    const englishRun = runs.find((run) => maps(run)[0] === '0:1')!;
    expect([maps(videoRun), maps(englishRun)]).toEqual([['0:0'], ['0:1']]);
    expect(englishRun.argv.join(' ')).toContain('-c:a aac -ac 6 -b:a 384k');

    // both watched: a third rendition waits for a slot
    const refused = await segments.segment({ ...film, rendition: { kind: 'audio', trackId: 1 } }, 0, open()).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: HlsErrorCode.TooManyProcesses });
    for (const run of runs) await run.close(0);
    await Promise.all([video, english]);

    // a switch to French mid-play: the English run, which nobody waits on, gives way
    const french = segments.segment({ ...film, rendition: { kind: 'audio', trackId: 1 } }, 1, open());
    await until(() => runs.length === 3);
    expect(englishRun.killed).toBe(true);
    expect(videoRun.killed).toBe(false);
    expect(maps(runs[2])).toEqual(['0:2']);
    expect(segments.activeRuns()).toBe(2);
    await runs[2].close(1);
    await french;
  });

  it('kills the run when its only client goes away, and rejects with the abort reason', async () => {
    const segments = start();
    const controller = new AbortController();
    const pending = segments.segment(source('a.mp3'), 3, controller.signal);
    await until(() => runs.length === 1);
    controller.abort(new Error('client gone'));
    await expect(pending).rejects.toThrow('client gone');
    expect(runs[0].killed).toBe(true);
    expect(segments.activeRuns()).toBe(0);
  });

  it('rejects the waiters with FfmpegFailed when ffmpeg exits with an error', async () => {
    const segments = start();
    const pending = segments.segment(source('a.mp3'), 0, open());
    await until(() => runs.length === 1);
    runs[0].exit(1, 'Invalid data found when processing input');
    await expect(pending).rejects.toMatchObject({ code: HlsErrorCode.FfmpegFailed, message: 'ffmpeg failed while producing the segment' });
    expect(segments.activeRuns()).toBe(0);
  });

  it('rejects the waiters with the stop reason when the torrent is removed', async () => {
    const segments = start();
    const pending = segments.segment(source('a.mp3'), 0, open());
    await until(() => runs.length === 1);
    const outcome = pending.catch((error: unknown) => error);
    await segments.removeTorrent('abc');
    expect(await outcome).toMatchObject({ code: HlsErrorCode.FfmpegFailed, message: 'Segment run stopped: torrent removed' });
    expect(runs[0].killed).toBe(true);
  });
});
