import { describe, expect, it } from 'vitest';
import { filesWithEdgesAtAdd, hotEdgePieces } from './hot-edges.util.js';

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

describe('filesWithEdgesAtAdd', () => {
  const file = (path: string, length: number) => ({ path, length });

  it('takes the main feature (half the media bytes or more) and the first in natural order', () => {
    const film = file('Film/Film.mkv', 4000);
    const sample = file('Film/Extras/1 Sample.mkv', 10);
    expect(filesWithEdgesAtAdd([sample, film])).toEqual([film, sample]);
  });

  it('takes only the first episode of a season of equal episodes', () => {
    const episodes = ['S01E10.mkv', 'S01E2.mkv', 'S01E1.mkv'].map((path) => file(path, 500));
    expect(filesWithEdgesAtAdd(episodes)).toEqual([episodes[2]]);
  });

  it('is empty without media', () => {
    expect(filesWithEdgesAtAdd([])).toEqual([]);
  });
});
