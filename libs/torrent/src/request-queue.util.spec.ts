import { describe, expect, it } from 'vitest';
import { requestQueueBlocks } from './request-queue.util.js';

describe('requestQueueBlocks', () => {
  it('keeps two blocks requested from a peer that has sent nothing yet', () => {
    expect(requestQueueBlocks(0)).toBe(2);
  });

  it('keeps a quarter of a second of the rate, in 16 KiB blocks, plus two', () => {
    // 100 MiB/s: 25 MiB a quarter second = 1600 blocks
    expect(requestQueueBlocks(100 * 1024 * 1024)).toBe(1602);
    // 1 MB/s: 250 000 B = 15.26 blocks, rounded up
    expect(requestQueueBlocks(1_000_000)).toBe(18);
  });

  it('never asks for more than the peer allows (reqq)', () => {
    expect(requestQueueBlocks(100 * 1024 * 1024, 250)).toBe(250);
    expect(requestQueueBlocks(16 * 1024, 250)).toBe(3);
  });

  it('ignores a reqq that is not positive', () => {
    expect(requestQueueBlocks(1_000_000, 0)).toBe(18);
  });

  it('takes another duration', () => {
    expect(requestQueueBlocks(16 * 1024 * 10, undefined, 1)).toBe(12);
  });
});
