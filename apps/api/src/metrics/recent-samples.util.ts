export interface Percentiles {
  /** Samples in the window. */
  count: number;
  p50: number;
  p90: number;
  p99: number;
}

/**
 * The last `capacity` samples no older than `windowMs`, for "recent" percentiles in /stats.
 * A ring buffer: constant memory whatever the traffic.
 */
export class RecentSamples {
  private readonly values: number[] = [];
  private readonly times: number[] = [];
  private next = 0;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {}

  add(value: number, now: number): void {
    if (this.values.length < this.capacity) {
      this.values.push(value);
      this.times.push(now);
      return;
    }
    this.values[this.next] = value;
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.capacity;
  }

  percentiles(now: number): Percentiles {
    const recent = this.values.filter((_, i) => now - this.times[i] <= this.windowMs).sort((a, b) => a - b);
    return {
      count: recent.length,
      p50: nearestRank(recent, 0.5),
      p90: nearestRank(recent, 0.9),
      p99: nearestRank(recent, 0.99),
    };
  }
}

/** Nearest-rank percentile of sorted values; 0 when there are none. */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
