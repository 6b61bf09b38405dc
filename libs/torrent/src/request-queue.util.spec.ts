import { describe, expect, it } from 'vitest';
import { peerQueueBlocks, requestQueueBlocks, requestQueueSeconds, wireRate } from './request-queue.util.js';

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

describe('requestQueueSeconds', () => {
  it('keeps a quarter of a second before the first round trip is known', () => {
    expect(requestQueueSeconds(undefined)).toBe(0.25);
    expect(requestQueueSeconds(Number.NaN)).toBe(0.25);
    expect(requestQueueSeconds(-1)).toBe(0.25);
  });

  it('keeps three round trips of a distant peer', () => {
    expect(requestQueueSeconds(0.1)).toBeCloseTo(0.3, 10);
    expect(requestQueueSeconds(0.2)).toBeCloseTo(0.6, 10);
  });

  it('keeps at least 50 ms, however near the peer', () => {
    expect(requestQueueSeconds(0)).toBe(0.05);
    expect(requestQueueSeconds(0.002)).toBe(0.05);
  });

  it('keeps at most a second, as webtorrent does', () => {
    expect(requestQueueSeconds(0.5)).toBe(1);
    expect(requestQueueSeconds(30)).toBe(1);
  });
});

describe('wireRate', () => {
  it('takes the measured speed once the wire is a second old', () => {
    expect(wireRate(5_000_000, { sinceConnectedMs: 1000, sinceFirstRequestMs: 10 })).toBe(5_000_000);
  });

  it('takes the measured speed before the first request (nothing received)', () => {
    expect(wireRate(0, { sinceConnectedMs: 10 })).toBe(0);
  });

  it('divides the bytes so far by the time since the first request during the first second', () => {
    // 1 MiB in the 100 ms since the first request: 10 MiB/s
    expect(wireRate(1024 * 1024, { sinceConnectedMs: 300, sinceFirstRequestMs: 100 })).toBe(10 * 1024 * 1024);
    // a block back within the same millisecond counts a millisecond
    expect(wireRate(16 * 1024, { sinceConnectedMs: 300, sinceFirstRequestMs: 0 })).toBe(16 * 1024 * 1000);
  });
});

describe('peerQueueBlocks', () => {
  const aged = (minRoundTripSeconds?: number) => ({ sinceConnectedMs: 5_000, sinceFirstRequestMs: 4_000, minRoundTripSeconds });

  it('sizes the queue for the round trip', () => {
    // 10 MiB/s for 50 ms = 512 KiB = 32 blocks, plus two
    expect(peerQueueBlocks(10 * 1024 * 1024, undefined, aged(0.001))).toBe(34);
    // a 125 ms round trip: 375 ms, 3.75 MiB = 240 blocks, plus two
    expect(peerQueueBlocks(10 * 1024 * 1024, undefined, aged(0.125))).toBe(242);
    // before a round trip is known: a quarter of a second, 160 blocks, plus two
    expect(peerQueueBlocks(10 * 1024 * 1024, undefined, aged())).toBe(162);
  });

  it('sizes a new wire from the bytes so far over the time since its first request', () => {
    // 1 MiB in 100 ms (10 MiB/s), a 2 ms round trip: 50 ms of it, 32 blocks, plus two
    expect(peerQueueBlocks(1024 * 1024, undefined, { sinceConnectedMs: 200, sinceFirstRequestMs: 100, minRoundTripSeconds: 0.002 })).toBe(34);
  });

  it('still honours the peer reqq', () => {
    expect(peerQueueBlocks(10 * 1024 * 1024, 100, aged(0.125))).toBe(100);
  });
});
