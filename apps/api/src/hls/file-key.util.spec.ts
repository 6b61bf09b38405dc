import { describe, expect, it } from 'vitest';
import { fileIdOfKey, fileKeyOf } from './file-key.util.js';

const HASH = 'c9e15763f722f23e98a29decdfae341b98d53056';

describe('file keys', () => {
  it('round-trips the file id', () => {
    expect(fileKeyOf(HASH, 12)).toBe(`${HASH}/12`);
    expect(fileIdOfKey(fileKeyOf(HASH, 0))).toBe(0);
    expect(fileIdOfKey(fileKeyOf(HASH, 12))).toBe(12);
  });

  it('reads nothing from keys it did not make', () => {
    expect(fileIdOfKey(`${HASH}/x`)).toBeUndefined();
    expect(fileIdOfKey('abc/1')).toBeUndefined();
    expect(fileIdOfKey(`${HASH}/1/2`)).toBeUndefined();
  });
});
