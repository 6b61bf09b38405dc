import { describe, expect, it } from 'vitest';
import { evictionTier, pieceEvictionOrder, takeVictims, type TorrentPieceState } from './piece-eviction.policy.js';

const state = (overrides: Partial<TorrentPieceState>): TorrentPieceState => ({
  key: 'a',
  idle: false,
  onDisk: [],
  readerPieces: [],
  windows: [],
  hotEdges: [],
  lastReadAt: () => 0,
  ...overrides,
});

describe('evictionTier', () => {
  // one reader at piece 50 with window 50..59, hot edges 0..3 and 96..99
  const watched = state({
    readerPieces: [50],
    windows: [{ from: 50, to: 59 }],
    hotEdges: [
      { from: 0, to: 3 },
      { from: 96, to: 99 },
    ],
  });

  it('never a piece inside a window', () => {
    for (const piece of [50, 55, 59]) expect(evictionTier(watched, piece)).toBeUndefined();
  });

  it('played pieces first, then pieces ahead outside the window, then hot edges', () => {
    expect(evictionTier(watched, 10)).toBe(1);
    expect(evictionTier(watched, 49)).toBe(1);
    expect(evictionTier(watched, 60)).toBe(2);
    expect(evictionTier(watched, 2)).toBe(3);
    expect(evictionTier(watched, 97)).toBe(3);
  });

  it('a piece behind one reader but ahead of another is not played yet', () => {
    const two = state({
      readerPieces: [20, 80],
      windows: [
        { from: 20, to: 29 },
        { from: 80, to: 89 },
      ],
    });
    expect(evictionTier(two, 10)).toBe(1);
    expect(evictionTier(two, 50)).toBe(2);
  });

  it('every piece of an idle torrent comes first, hot edges included', () => {
    expect(evictionTier(state({ idle: true, hotEdges: [{ from: 0, to: 3 }] }), 1)).toBe(0);
  });
});

describe('pieceEvictionOrder', () => {
  it('goes idle torrents, played pieces (least recently read first), ahead, hot edges; never a window', () => {
    const readAt: Record<number, number> = { 10: 300, 11: 100, 12: 200 };
    const watched = state({
      key: 'watched',
      onDisk: [0, 10, 11, 12, 50, 51, 70],
      readerPieces: [50],
      windows: [{ from: 50, to: 59 }],
      hotEdges: [{ from: 0, to: 3 }],
      lastReadAt: (piece) => readAt[piece] ?? 0,
    });
    const idle = state({ key: 'idle', idle: true, onDisk: [5, 6] });
    expect(pieceEvictionOrder([watched, idle])).toEqual([
      { key: 'idle', piece: 5 },
      { key: 'idle', piece: 6 },
      { key: 'watched', piece: 11 },
      { key: 'watched', piece: 12 },
      { key: 'watched', piece: 10 },
      { key: 'watched', piece: 70 },
      { key: 'watched', piece: 0 },
    ]);
  });

  it('among pieces never read, the one furthest from a reader goes first', () => {
    const watched = state({ onDisk: [45, 10, 30], readerPieces: [50], windows: [{ from: 50, to: 52 }] });
    expect(pieceEvictionOrder([watched]).map((v) => v.piece)).toEqual([10, 30, 45]);
  });
});

describe('takeVictims', () => {
  it('takes victims until their sizes cover the bytes asked for', () => {
    const order = [1, 2, 3, 4].map((piece) => ({ key: 'a', piece }));
    expect(takeVictims(order, 250, () => 100).map((v) => v.piece)).toEqual([1, 2, 3]);
    expect(takeVictims(order, 0, () => 100)).toEqual([]);
    expect(takeVictims(order, 10_000, () => 100)).toHaveLength(4);
  });
});
