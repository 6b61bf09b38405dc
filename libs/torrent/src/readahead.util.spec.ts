import { describe, expect, it } from 'vitest';
import {
  bitrateOf,
  DEFAULT_READAHEAD,
  rampedWindowBytes,
  readaheadBytes,
  UNKNOWN_BYTES_PER_SECOND,
  windowPieces,
} from './readahead.util.js';

const MiB = 1024 * 1024;
const PIECE = MiB;

describe('readaheadBytes', () => {
  it('is 30 s of media at the known bitrate', () => {
    // a 4 GB film of 2 h: 555,555 B/s, 30 s = 16.7 MB
    const rate = bitrateOf(4_000_000_000, 7200)!;
    expect(readaheadBytes(DEFAULT_READAHEAD, PIECE, rate)).toBe(Math.round(30 * rate));
  });

  it('assumes 8 Mbit/s when the bitrate is unknown', () => {
    expect(readaheadBytes(DEFAULT_READAHEAD, PIECE)).toBe(30 * UNKNOWN_BYTES_PER_SECOND);
    expect(readaheadBytes(DEFAULT_READAHEAD, PIECE, 0)).toBe(30 * UNKNOWN_BYTES_PER_SECOND);
  });

  it('clamps to 8 MiB for low bitrates and 256 MiB for 4K remuxes', () => {
    // a 128 kbit/s audio book: 30 s would be 480 KB
    expect(readaheadBytes(DEFAULT_READAHEAD, PIECE, 16_000)).toBe(8 * MiB);
    // 100 Mbit/s: 30 s would be 375 MB
    expect(readaheadBytes(DEFAULT_READAHEAD, PIECE, 12_500_000)).toBe(256 * MiB);
  });

  it('takes at most budget ÷ (2 × readers) of a disk budget', () => {
    const budget = { limitBytes: 64 * MiB, readers: 2 };
    expect(readaheadBytes(DEFAULT_READAHEAD, PIECE, undefined, budget)).toBe(16 * MiB);
    // an unlimited budget (0) does not clamp
    expect(readaheadBytes(DEFAULT_READAHEAD, PIECE, undefined, { limitBytes: 0, readers: 9 })).toBe(30_000_000);
  });

  it('is never less than two pieces', () => {
    const tiny = { limitBytes: 8 * MiB, readers: 4 };
    expect(readaheadBytes(DEFAULT_READAHEAD, 4 * MiB, undefined, tiny)).toBe(8 * MiB);
  });
});

describe('rampedWindowBytes', () => {
  it('opens at two pieces and grows by twice what the reader consumed, up to the full window', () => {
    expect(rampedWindowBytes(30 * MiB, 0, PIECE)).toBe(2 * MiB);
    expect(rampedWindowBytes(30 * MiB, MiB, PIECE)).toBe(4 * MiB);
    expect(rampedWindowBytes(30 * MiB, 5 * MiB, PIECE)).toBe(12 * MiB);
    expect(rampedWindowBytes(30 * MiB, 14 * MiB, PIECE)).toBe(30 * MiB);
    expect(rampedWindowBytes(30 * MiB, 400 * MiB, PIECE)).toBe(30 * MiB);
  });

  it('is never less than two pieces, even when the full window is', () => {
    expect(rampedWindowBytes(MiB, 0, PIECE)).toBe(2 * MiB);
    expect(rampedWindowBytes(0, 50 * MiB, 256 * 1024)).toBe(512 * 1024);
    expect(rampedWindowBytes(30 * MiB, -5, PIECE)).toBe(2 * MiB);
  });
});

describe('windowPieces', () => {
  it('rounds up to whole pieces, at least two', () => {
    expect(windowPieces(30_000_000, MiB)).toBe(29);
    expect(windowPieces(MiB, MiB)).toBe(2);
    expect(windowPieces(0, MiB)).toBe(2);
  });
});

describe('bitrateOf', () => {
  it('divides size by duration, undefined without a usable duration', () => {
    expect(bitrateOf(1000, 10)).toBe(100);
    expect(bitrateOf(1000, 0)).toBeUndefined();
    expect(bitrateOf(1000, undefined)).toBeUndefined();
    expect(bitrateOf(1000, Number.NaN)).toBeUndefined();
  });
});
