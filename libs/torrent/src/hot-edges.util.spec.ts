import { describe, expect, it } from 'vitest';
import { hotEdgePieces } from './hot-edges.util.js';

const MiB = 1024 * 1024;

describe('hotEdgePieces', () => {
  it('covers head and tail of a large file', () => {
    // 100 MiB file at offset 0 with 1 MiB pieces and 4 MiB edges
    expect(hotEdgePieces(0, 100 * MiB, MiB, 4 * MiB)).toEqual([
      { from: 0, to: 3 },
      { from: 96, to: 99 },
    ]);
  });

  it('accounts for the file offset inside the torrent', () => {
    expect(hotEdgePieces(MiB / 2, 100 * MiB, MiB, 4 * MiB)).toEqual([
      { from: 0, to: 4 },
      { from: 96, to: 100 },
    ]);
  });

  it('takes a small file whole', () => {
    expect(hotEdgePieces(3 * MiB, 5 * MiB, MiB, 4 * MiB)).toEqual([{ from: 3, to: 7 }]);
  });

  it('ignores empty files', () => {
    expect(hotEdgePieces(0, 0, MiB)).toEqual([]);
  });
});
