import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferPool, capacityFor } from './buffer-pool.js';

const KiB = 1024;

afterEach(() => vi.useRealTimers());

describe('capacityFor', () => {
  it('rounds up to a power of two', () => {
    expect([1, 64 * KiB, 64 * KiB + 1, 1000 * KiB, 2048 * KiB].map(capacityFor)).toEqual([1, 64 * KiB, 128 * KiB, 1024 * KiB, 2048 * KiB]);
  });
});

describe('BufferPool', () => {
  it('hands out a view of the length asked for, and reuses the memory given back, detaching the old buffer', () => {
    const pool = new BufferPool(1024 * KiB, 10_000, 64 * KiB);
    const first = pool.take(100 * KiB).fill(7);
    expect([first.length, first.byteOffset, first.buffer.byteLength]).toEqual([100 * KiB, 0, 128 * KiB]);
    const view = first.subarray(10, 20);
    expect(pool.give(first)).toBe(true);
    expect([first.length, view.length, pool.bytes]).toEqual([0, 0, 128 * KiB]);
    const second = pool.take(120 * KiB);
    expect([second.length, second[0], pool.bytes]).toEqual([120 * KiB, 7, 0]); // the same memory, not zeroed
  });

  it('does not pool small buffers, or ones of a size it would never hand out', () => {
    const pool = new BufferPool(1024 * KiB, 10_000, 64 * KiB);
    const small = pool.take(1000);
    expect(small.buffer.byteLength).toBe(1000);
    expect(pool.give(small)).toBe(false);
    const odd = new Uint8Array(100 * KiB);
    expect([pool.give(odd), odd.length]).toEqual([false, 100 * KiB]);
    expect(pool.give(new Uint8Array(256 * KiB).subarray(64 * KiB))).toBe(false);
  });

  it('frees what does not fit under its cap at once', () => {
    const pool = new BufferPool(128 * KiB, 10_000, 64 * KiB);
    const [a, b] = [pool.take(128 * KiB), pool.take(128 * KiB)];
    expect([pool.give(a), pool.give(b)]).toEqual([true, true]);
    expect([a.length, b.length, pool.bytes]).toEqual([0, 0, 128 * KiB]);
  });

  it('empties itself once nobody took a buffer for idleMs', () => {
    vi.useFakeTimers();
    const pool = new BufferPool(1024 * KiB, 10_000, 64 * KiB);
    pool.give(pool.take(64 * KiB));
    vi.advanceTimersByTime(9_000);
    pool.give(pool.take(64 * KiB)); // taken again: the clock starts over
    vi.advanceTimersByTime(9_000);
    expect(pool.bytes).toBe(64 * KiB);
    vi.advanceTimersByTime(1_001);
    expect(pool.bytes).toBe(0);
  });
});
