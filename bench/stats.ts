/** Median, spread and percentiles of repeated measurements. */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
}

export interface Distribution extends Summary {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

/** Percentile by linear interpolation between closest ranks (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { n: values.length, median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values) };
}

/** For many samples of one run (e.g. time to first byte of thousands of requests). */
export function distribution(values: readonly number[]): Distribution {
  const base = summarize(values);
  const mean = values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
  return { ...base, p50: base.median, p90: percentile(values, 90), p99: percentile(values, 99), mean };
}
