import type { RunningProcess } from './ffmpeg.runner.js';
import type { SegmentFile } from './media.types.js';

export interface Waiter {
  index: number;
  requestedAt: number;
  resolve: (file: SegmentFile) => void;
  reject: (error: Error) => void;
}

/**
 * Why a run stops. 'seek' and 'failed' hand the waiters back to the caller (a seek lets
 * them ride the new run; a failure rejects them with its own detail); every other reason
 * rejects them at once.
 */
export type StopReason =
  | 'seek'
  | 'failed'
  | 'torrent removed'
  | 'shutdown'
  | 'preempted by a request for another file'
  | 'reached the end of its window'
  | 'client went away'
  | 'idle';

export const HANDS_BACK_WAITERS: ReadonlySet<StopReason> = new Set<StopReason>(['seek', 'failed']);

/** One segment the muxer closed, from its CSV list line `<name>,<start>,<end>`. */
export function parseSegmentListLine(line: string): { index: number; end: number } | undefined {
  const match = /(\d+)\.ts"?,(-?[\d.]+),(-?[\d.]+)$/.exec(line);
  return match ? { index: Number(match[1]), end: Number(match[3]) } : undefined;
}

/**
 * State of one ffmpeg process writing consecutive segments of one file: where it is, who waits
 * for what, and whether it is paused for being too far ahead. Decisions live in SegmentService.
 */
export class TranscodeRun {
  /** Next segment expected to be closed. */
  next: number;
  latestRequested: number;
  lastRequestAt: number;
  paused = false;
  /** Since when the segment now being written has been in the making (start, last close or resume). */
  producingSince: number;
  stopping = false;
  process?: RunningProcess;
  readonly waiters = new Set<Waiter>();
  readonly completed = new Map<number, SegmentFile>();

  constructor(
    readonly id: string,
    readonly fileKey: string,
    readonly torrentKey: string,
    readonly dir: string,
    readonly startIndex: number,
    /** Last segment this run produces; it is killed once that one is closed. */
    readonly endIndex: number,
    private readonly clock: { now(): number },
  ) {
    this.next = startIndex;
    this.latestRequested = startIndex;
    this.lastRequestAt = clock.now();
    this.producingSince = this.lastRequestAt;
  }

  /** Near enough to the running position to wait for instead of seeking. */
  accepts(index: number, slack: number): boolean {
    return !this.stopping && index >= this.next && index <= Math.min(this.endIndex, this.next + slack);
  }

  touch(index: number): void {
    this.lastRequestAt = this.clock.now();
    if (index >= this.startIndex && index <= this.endIndex) this.latestRequested = Math.max(this.latestRequested, index);
  }

  /** Hands out a finished segment to its waiters. */
  deliver(index: number, file: SegmentFile): void {
    this.completed.set(index, file);
    this.next = Math.max(this.next, index + 1);
    for (const waiter of this.waiters) {
      if (waiter.index !== index) continue;
      this.waiters.delete(waiter);
      waiter.resolve(file);
    }
  }

  /** Rejects everyone still waiting (failure, seek elsewhere, shutdown); returns who it was. */
  rejectAll(error: Error): Waiter[] {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter.reject(error);
    return waiters;
  }
}
