import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry.js';
import { RecentSamples, type Percentiles } from './recent-samples.util.js';

/** Byte-range streams and HLS are measured apart: their waits differ in kind. */
export type StreamKind = 'range' | 'hls';
export const STREAM_KINDS: readonly StreamKind[] = ['range', 'hls'];

/** Recent means the last 10 minutes, at most 1000 samples of each kind. */
const RECENT_CAPACITY = 1_000;
const RECENT_WINDOW_MS = 10 * 60_000;

export interface PlaybackSnapshot {
  windowSeconds: number;
  firstByteMs: Record<StreamKind, Percentiles>;
  stallSeconds: Record<StreamKind, Percentiles>;
}

/**
 * The two numbers a viewer feels (time to first byte, stalls), fed to Prometheus and kept
 * as recent samples for /stats.
 */
@Injectable()
export class PlaybackRecorder {
  private readonly firstByte = samplesPerKind();
  private readonly stalls = samplesPerKind();

  constructor(private readonly metrics: MetricsRegistry) {}

  firstByteAfter(kind: StreamKind, ms: number): void {
    this.metrics.firstByte.observe({ kind }, ms / 1000);
    this.firstByte[kind].add(ms, Date.now());
  }

  stalled(kind: StreamKind, ms: number): void {
    this.metrics.stalls.inc({ kind });
    this.metrics.stallSeconds.inc({ kind }, ms / 1000);
    this.stalls[kind].add(ms / 1000, Date.now());
  }

  snapshot(now = Date.now()): PlaybackSnapshot {
    return {
      windowSeconds: RECENT_WINDOW_MS / 1000,
      firstByteMs: { range: this.firstByte.range.percentiles(now), hls: this.firstByte.hls.percentiles(now) },
      stallSeconds: { range: this.stalls.range.percentiles(now), hls: this.stalls.hls.percentiles(now) },
    };
  }
}

function samplesPerKind(): Record<StreamKind, RecentSamples> {
  return {
    range: new RecentSamples(RECENT_CAPACITY, RECENT_WINDOW_MS),
    hls: new RecentSamples(RECENT_CAPACITY, RECENT_WINDOW_MS),
  };
}
