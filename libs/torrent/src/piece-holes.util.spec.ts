import { describe, expect, it } from 'vitest';
import { byteRangeFileSpans, mergeSpans, pieceFileSpans } from './piece-holes.util.js';

describe('pieceFileSpans', () => {
  // a.mkv: bytes 0..999, b.srt: 1000..1099, c.mkv: 1100..2599; pieces of 1024 bytes
  const files = [
    { path: '/t/a.mkv', offset: 0, length: 1000 },
    { path: '/t/b.srt', offset: 1000, length: 100 },
    { path: '/t/c.mkv', offset: 1100, length: 1500 },
  ];

  it('a piece inside one file', () => {
    expect(pieceFileSpans([files[2]], 100, 12)).toEqual([{ path: '/t/c.mkv', offset: 100, length: 100 }]);
  });

  it('a piece straddling three files', () => {
    expect(pieceFileSpans(files, 1024, 0)).toEqual([
      { path: '/t/a.mkv', offset: 0, length: 1000 },
      { path: '/t/b.srt', offset: 0, length: 24 },
    ]);
    expect(pieceFileSpans(files, 1024, 1)).toEqual([
      { path: '/t/b.srt', offset: 24, length: 76 },
      { path: '/t/c.mkv', offset: 0, length: 948 },
    ]);
  });

  it('the short last piece ends with the torrent', () => {
    expect(pieceFileSpans(files, 1024, 2)).toEqual([{ path: '/t/c.mkv', offset: 948, length: 552 }]);
    expect(pieceFileSpans(files, 1024, 3)).toEqual([]);
  });

  it('byteRangeFileSpans: part of a piece, across a file boundary, clamped to the torrent', () => {
    expect(byteRangeFileSpans(files, 990, 1010)).toEqual([
      { path: '/t/a.mkv', offset: 990, length: 10 },
      { path: '/t/b.srt', offset: 0, length: 10 },
    ]);
    expect(byteRangeFileSpans(files, 2500, 3000)).toEqual([{ path: '/t/c.mkv', offset: 1400, length: 100 }]);
    expect(byteRangeFileSpans(files, 1050, 1050)).toEqual([]);
  });
});

describe('mergeSpans', () => {
  it('joins adjacent and overlapping spans of one file, keeps files and gaps apart', () => {
    const spans = [
      { path: '/t/b', offset: 0, length: 10 },
      { path: '/t/a', offset: 20, length: 10 },
      { path: '/t/a', offset: 0, length: 10 },
      { path: '/t/a', offset: 10, length: 10 },
      { path: '/t/a', offset: 50, length: 10 },
    ];
    expect(mergeSpans(spans)).toEqual([
      { path: '/t/a', offset: 0, length: 30 },
      { path: '/t/a', offset: 50, length: 10 },
      { path: '/t/b', offset: 0, length: 10 },
    ]);
  });
});
