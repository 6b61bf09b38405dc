import { describe, expect, it } from 'vitest';
import { nearestRank, RecentSamples } from './recent-samples.util.js';

describe('nearestRank', () => {
  it('picks the nearest-rank value', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRank(sorted, 0.5)).toBe(5);
    expect(nearestRank(sorted, 0.9)).toBe(9);
    expect(nearestRank(sorted, 0.99)).toBe(10);
    expect(nearestRank([42], 0.5)).toBe(42);
    expect(nearestRank([], 0.5)).toBe(0);
  });
});

describe('RecentSamples', () => {
  it('keeps only the last `capacity` samples', () => {
    const samples = new RecentSamples(3, 1_000);
    for (const value of [100, 1, 2, 3]) samples.add(value, 0);
    expect(samples.percentiles(0)).toEqual({ count: 3, p50: 2, p90: 3, p99: 3 });
  });

  it('forgets samples older than the window', () => {
    const samples = new RecentSamples(10, 1_000);
    samples.add(500, 0);
    samples.add(10, 900);
    samples.add(20, 1_500);
    expect(samples.percentiles(1_500)).toEqual({ count: 2, p50: 10, p90: 20, p99: 20 });
    expect(samples.percentiles(5_000)).toEqual({ count: 0, p50: 0, p90: 0, p99: 0 });
  });
});
