import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PromiseCache } from './promise-cache.util.js';
import { BinariesService } from './binaries.service.js';
import { segmentRunArgs } from './ffmpeg-args.util.js';
import { FfmpegRunner, type ProcessResult } from './ffmpeg.runner.js';
import { HlsError, HlsErrorCode } from './hls.errors.js';
import { HLS_OPTIONS, type HlsModuleOptions } from './hls.options.js';
import type { HlsSource, MediaInfo, SegmentFile } from './media.types.js';
import { HlsActivityHub } from './hls-activity.js';
import { HTTP_RW_TIMEOUT_SECONDS, ProbeService } from './probe.service.js';
import { planSegments, type SegmentPlan } from './segment-plan.util.js';
import { SegmentStore } from './segment.store.js';
import { HlsClock } from './hls.clock.js';
import { planRendition, renditionKey } from './tracks/rendition-plan.util.js';
import { HANDS_BACK_WAITERS, parseSegmentListLine, TranscodeRun, type StopReason, type Waiter } from './transcode.run.js';

export interface FilePlan {
  info: MediaInfo;
  plan: SegmentPlan;
  dir: string;
}

/** A request this many segments past the running position waits for it rather than seeking. */
const SEEK_SLACK = 2;
/** One run covers at most this many segments: keeps argument lists far below ARG_MAX. */
const MAX_SEGMENTS_PER_RUN = 256;
/** A closed segment whose end strays this far from the playlist would make the playlist a lie. */
const BOUNDARY_TOLERANCE_SECONDS = 0.5;

/**
 * Decides which ffmpeg run produces which segment: sequential requests ride one run, a seek far
 * from it replaces it, runs pause when too far ahead and die when nobody asks any more.
 */
@Injectable()
export class SegmentService implements OnApplicationShutdown {
  private readonly logger = new Logger(SegmentService.name);
  private readonly plans = new PromiseCache<FilePlan>();
  private readonly runs = new Map<string, TranscodeRun>();
  private readonly idleTimer: NodeJS.Timeout;

  constructor(
    @Inject(HLS_OPTIONS) private readonly options: HlsModuleOptions,
    private readonly probes: ProbeService,
    private readonly binaries: BinariesService,
    private readonly runner: FfmpegRunner,
    private readonly store: SegmentStore,
    private readonly activity: HlsActivityHub,
    private readonly clock: HlsClock,
  ) {
    this.idleTimer = setInterval(() => this.reapIdle(), Math.max(250, Math.min(5_000, options.runIdleTimeoutMs / 4)));
    this.idleTimer.unref();
  }

  filePlan(src: HlsSource): Promise<FilePlan> {
    return this.plans.get(renditionKey(src), () => this.createPlan(src));
  }

  async segment(src: HlsSource, index: number, signal: AbortSignal): Promise<SegmentFile> {
    const { plan, dir } = await this.filePlan(src);
    const count = plan.boundaries.length - 1;
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new HlsError(HlsErrorCode.SegmentNotFound, `Segment ${index} does not exist (0–${count - 1})`);
    }
    signal.throwIfAborted();
    let run = this.runs.get(renditionKey(src));
    if (run && index <= run.next + SEEK_SLACK + this.options.segmentsAhead) {
      // a viewer reading what the run already wrote ahead still moves it along
      run.touch(index);
      this.resumeIfNeeded(run);
    }
    const onDisk = await this.store.find(dir, index);
    if (onDisk) return onDisk;
    run = this.runs.get(renditionKey(src));
    const done = run?.completed.get(index);
    if (done) return done;
    if (!run || !run.accepts(index, SEEK_SLACK)) {
      // a seek: the old position is nobody's any more (Jellyfin does the same)
      const orphans = run ? this.stop(run, 'seek', `to ${index}`) : [];
      run = this.start(src, plan, dir, index);
      for (const orphan of orphans) this.adopt(run, orphan);
    }
    run.touch(index);
    this.resumeIfNeeded(run);
    return this.wait(run, index, signal);
  }

  activeRuns(): number {
    return this.runs.size;
  }

  async removeTorrent(torrentKey: string): Promise<void> {
    for (const run of [...this.runs.values()]) if (run.torrentKey === torrentKey) this.stop(run, 'torrent removed');
    this.plans.deleteTorrent(torrentKey);
    await this.store.removeTorrent(torrentKey);
  }

  onApplicationShutdown(): void {
    clearInterval(this.idleTimer);
    for (const run of [...this.runs.values()]) this.stop(run, 'shutdown');
  }

  private async createPlan(src: HlsSource): Promise<FilePlan> {
    const info = await this.probes.probe(src);
    const muxed = planSegments(info, this.options);
    const plan = src.rendition ? planRendition(muxed, info, src.rendition, this.options.downmixAudio ?? false) : muxed;
    const dir = this.store.directoryFor(src, plan);
    await this.store.prepare(dir);
    return { info, plan, dir };
  }

  /**
   * A viewer switching files must not wait for the old file's run to idle out: a run that
   * nobody is waiting on is only working ahead, so the least recently asked one gives way.
   * A switch of audio track frees the old track's run first, never the video being watched.
   */
  private preemptUnwatchedRun(src: HlsSource): void {
    const oldTrack = (run: TranscodeRun) => src.rendition?.kind === 'audio' && run.fileKey.startsWith(`${src.fileKey}#audio`);
    const unwatched = [...this.runs.values()]
      .filter((run) => run.waiters.size === 0)
      .sort((a, b) => Number(oldTrack(b)) - Number(oldTrack(a)) || a.lastRequestAt - b.lastRequestAt)[0];
    if (unwatched) this.stop(unwatched, 'preempted by a request for another file');
  }

  private start(src: HlsSource, plan: SegmentPlan, dir: string, index: number): TranscodeRun {
    if (this.runs.size >= this.options.maxProcesses) this.preemptUnwatchedRun(src);
    if (this.runs.size >= this.options.maxProcesses) {
      throw new HlsError(
        HlsErrorCode.TooManyProcesses,
        `All ${this.options.maxProcesses} ffmpeg slots are busy`,
        undefined,
        this.retryAfterSeconds(),
      );
    }
    const endIndex = Math.min(plan.boundaries.length - 2, index + MAX_SEGMENTS_PER_RUN - 1);
    const run = new TranscodeRun(randomUUID().slice(0, 8), renditionKey(src), src.torrentKey, dir, index, endIndex, this.clock);
    const args = segmentRunArgs({
      url: src.url,
      headers: src.headers,
      plan,
      startIndex: index,
      endIndex,
      outputPattern: this.store.partialPattern(dir, run.id),
      rwTimeoutSeconds: HTTP_RW_TIMEOUT_SECONDS,
    });
    // closing lines are handled in order: each one renames a file before the next is looked at
    let queue = Promise.resolve();
    run.process = this.runner.run(this.binaries.ffmpeg, args, {
      onStdoutLine: (line) => {
        queue = queue.then(() => this.onSegmentClosed(run, plan, line));
      },
    });
    this.runs.set(run.fileKey, run);
    this.logger.log(
      `Run ${run.id} for ${src.fileName}: segments ${index}–${endIndex}, video ${plan.video?.mode ?? 'none'}, ` +
        `audio ${plan.audio?.mode ?? 'none'} (pid ${run.process.pid})`,
    );
    void run.process.done.then((result) => queue.then(() => this.onExit(run, result)));
    this.activity.emit({ type: 'run-started' });
    return run;
  }

  private async onSegmentClosed(run: TranscodeRun, plan: SegmentPlan, line: string): Promise<void> {
    const closed = parseSegmentListLine(line);
    if (!closed || run.stopping) return;
    const isLast = closed.index === plan.boundaries.length - 2;
    const expectedEnd = plan.boundaries[closed.index + 1];
    // the final segment ends at the last packet, which the container duration only estimates
    if (!isLast && Math.abs(closed.end - expectedEnd) > BOUNDARY_TOLERANCE_SECONDS) {
      this.logger.error(`Run ${run.id}: segment ${closed.index} ended at ${closed.end}, playlist says ${expectedEnd}`);
      this.fail(run, `segment ${closed.index} does not match the playlist (ends ${closed.end} s, expected ${expectedEnd} s)`);
      return;
    }
    try {
      run.deliver(closed.index, await this.store.complete(run.dir, run.id, closed.index));
    } catch (error) {
      this.fail(run, `segment ${closed.index} vanished: ${(error as Error).message}`);
      return;
    }
    this.reportProduced(run, plan, closed.index);
    if (closed.index >= run.endIndex) {
      this.stop(run, 'reached the end of its window');
    } else if (closed.index >= run.latestRequested + this.options.segmentsAhead && run.waiters.size === 0) {
      run.paused = true;
      run.process?.pause();
    }
  }

  private reportProduced(run: TranscodeRun, plan: SegmentPlan, index: number): void {
    const now = this.clock.now();
    const mediaSeconds = plan.boundaries[index + 1] - plan.boundaries[index];
    this.activity.emit({ type: 'segment-produced', seconds: (now - run.producingSince) / 1000, mediaSeconds });
    run.producingSince = now;
  }

  private onExit(run: TranscodeRun, result: ProcessResult): void {
    if (this.runs.get(run.fileKey) === run) this.runs.delete(run.fileKey);
    void this.store.removePartials(run.dir, `.run${run.id}-`);
    if (run.stopping || result.killed) return;
    if (result.code === 0) {
      run.rejectAll(new HlsError(HlsErrorCode.FfmpegFailed, 'ffmpeg ended before producing the segment'));
      return;
    }
    this.logger.error(`Run ${run.id} failed (code ${result.code}, signal ${result.signal}): ${result.stderrTail.slice(-1000)}`);
    run.rejectAll(
      new HlsError(HlsErrorCode.FfmpegFailed, 'ffmpeg failed while producing the segment', result.stderrTail.slice(-300)),
    );
  }

  private fail(run: TranscodeRun, detail: string): void {
    const waiters = this.stop(run, 'failed');
    const error = new HlsError(HlsErrorCode.FfmpegFailed, 'ffmpeg produced a bad segment', detail);
    for (const waiter of waiters) waiter.reject(error);
  }

  /** Kills the run and hands back its waiters, still pending, for the caller to settle. */
  private stop(run: TranscodeRun, reason: StopReason, detail?: string): Waiter[] {
    if (run.stopping) return [];
    run.stopping = true;
    if (this.runs.get(run.fileKey) === run) this.runs.delete(run.fileKey);
    run.process?.kill();
    this.logger.log(`Run ${run.id} stopped: ${reason}${detail ? ` ${detail}` : ''}`);
    const waiters = [...run.waiters];
    run.waiters.clear();
    if (!HANDS_BACK_WAITERS.has(reason)) {
      for (const waiter of waiters) {
        waiter.reject(new HlsError(HlsErrorCode.FfmpegFailed, `Segment run stopped: ${reason}`));
      }
      return [];
    }
    return waiters;
  }

  /** A waiter of a run replaced by a seek rides the new run if it can, else comes back later. */
  private adopt(run: TranscodeRun, waiter: Waiter): void {
    if (run.accepts(waiter.index, SEEK_SLACK)) {
      run.waiters.add(waiter);
      return;
    }
    waiter.reject(
      new HlsError(HlsErrorCode.TooManyProcesses, 'Another viewer moved this file elsewhere', undefined, 1),
    );
  }

  private wait(run: TranscodeRun, index: number, signal: AbortSignal): Promise<SegmentFile> {
    return new Promise<SegmentFile>((resolve, reject) => {
      const requestedAt = this.clock.now();
      const onAbort = () => {
        run.waiters.delete(waiter);
        reject(signal.reason as Error);
        // only this client needed the work if nobody else waits or asked since
        if (run.waiters.size === 0 && run.lastRequestAt <= requestedAt) this.stop(run, 'client went away');
      };
      const waiter: Waiter = {
        index,
        requestedAt,
        resolve: (file) => {
          signal.removeEventListener('abort', onAbort);
          resolve(file);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      run.waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private resumeIfNeeded(run: TranscodeRun): void {
    if (run.paused && run.next <= run.latestRequested + this.options.segmentsAhead) {
      run.paused = false;
      run.producingSince = this.clock.now();
      run.process?.resume();
    }
  }

  private reapIdle(): void {
    const now = this.clock.now();
    for (const run of [...this.runs.values()]) {
      if (run.waiters.size === 0 && now - run.lastRequestAt > this.options.runIdleTimeoutMs) this.stop(run, 'idle');
    }
  }

  private retryAfterSeconds(): number {
    const now = this.clock.now();
    const soonest = Math.min(...[...this.runs.values()].map((run) => run.lastRequestAt + this.options.runIdleTimeoutMs - now));
    return Math.max(1, Math.ceil(soonest / 1000));
  }
}
