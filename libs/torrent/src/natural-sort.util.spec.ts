import { describe, expect, it } from 'vitest';
import { compareNatural, nextInNaturalOrder } from './natural-sort.util.js';

describe('compareNatural', () => {
  it('orders digit runs as numbers', () => {
    const names = ['Show 10.mkv', 'Show 9.mkv', 'Show 1.mkv', 'Show 2.mkv'];
    expect(names.sort(compareNatural)).toEqual(['Show 1.mkv', 'Show 2.mkv', 'Show 9.mkv', 'Show 10.mkv']);
  });

  it('puts E02 after E01 and S02 after S01, across folders', () => {
    const paths = ['S02/S02E01.mkv', 'S01/S01E10.mkv', 'S01/S01E02.mkv', 'S01/S01E01.mkv'];
    expect(paths.sort(compareNatural)).toEqual([
      'S01/S01E01.mkv',
      'S01/S01E02.mkv',
      'S01/S01E10.mkv',
      'S02/S02E01.mkv',
    ]);
  });

  it('ignores case, and breaks ties on the raw text', () => {
    expect(['b.mkv', 'A.mkv'].sort(compareNatural)).toEqual(['A.mkv', 'b.mkv']);
    expect(compareNatural('a.mkv', 'A.mkv')).not.toBe(0);
    expect(compareNatural('x', 'x')).toBe(0);
  });
});

describe('nextInNaturalOrder', () => {
  const files = [
    { path: 'Show/E10.mkv', media: true },
    { path: 'Show/E9.mkv', media: true },
    { path: 'Show/E9.srt', media: false },
    { path: 'Show/E11.mkv', media: true },
  ];
  const media = (f: { media: boolean }) => f.media;

  it('finds the next media file, skipping what `keep` rejects', () => {
    expect(nextInNaturalOrder(files, files[1], (f) => f.path, media)).toBe(files[0]);
    expect(nextInNaturalOrder(files, files[0], (f) => f.path, media)).toBe(files[3]);
  });

  it('is undefined after the last one', () => {
    expect(nextInNaturalOrder(files, files[3], (f) => f.path, media)).toBeUndefined();
  });
});
