import { describe, expect, it, vi } from 'vitest';
import { freeNow, isLent, lendChunk, releaseChunk } from './chunk-lease.js';

describe('freeNow', () => {
  it('frees a buffer that spans its own ArrayBuffer: every view of it reads empty', () => {
    const buf = Buffer.allocUnsafeSlow(1 << 20).fill(1);
    const view = buf.subarray(10, 20);
    expect(freeNow(buf)).toBe(true);
    expect([buf.buffer.byteLength, buf.length, view.length]).toEqual([0, 0, 0]);
    expect(freeNow(buf)).toBe(false);
  });

  it('leaves views into a larger buffer, pooled Buffers and empty ones alone', () => {
    const big = new Uint8Array(64).fill(2);
    const pooled = Buffer.from('a small string, from the shared pool');
    expect([freeNow(big.subarray(8)), freeNow(pooled), freeNow(new Uint8Array(0))]).toEqual([false, false, false]);
    expect([big.length, pooled.toString()]).toEqual([64, 'a small string, from the shared pool']);
  });
});

describe('lendChunk / releaseChunk', () => {
  it('runs the release once, when the chunk is given back', () => {
    const chunk = Buffer.alloc(4);
    const release = vi.fn();
    lendChunk(chunk, release);
    expect(isLent(chunk)).toBe(true);
    releaseChunk(chunk);
    releaseChunk(chunk);
    expect(release).toHaveBeenCalledTimes(1);
    expect(isLent(chunk)).toBe(false);
  });

  it('ignores chunks that were never lent', () => {
    expect(isLent(Buffer.alloc(4))).toBe(false);
    expect(isLent('text')).toBe(false);
    expect(() => releaseChunk(Buffer.alloc(4))).not.toThrow();
  });
});
