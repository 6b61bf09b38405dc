import { describe, expect, it } from 'vitest';
import { isInfoHash, normalizeInfoHash } from './info-hash.util.js';
import { TorrentErrorCode } from './torrent.errors.js';

describe('normalizeInfoHash', () => {
  it('lowercases a hex hash', () => {
    expect(normalizeInfoHash('C12FE1C06BBA254A9DC9F519B335AA7C1367A88A')).toBe(
      'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
    );
  });

  it('decodes a base32 hash to hex, case-insensitively', () => {
    // base32 of 0x00..0x13 style vectors: all-zero and a known value
    expect(normalizeInfoHash('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe('0'.repeat(40));
    expect(normalizeInfoHash('YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK')).toBe(
      'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
    );
    expect(normalizeInfoHash('yex6dqdlxisuvhoj6um3gnnkpqjwpkek')).toBe(
      'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
    );
  });

  it.each([
    '',
    'abc',
    'c12fe1c06bba254a9dc9f519b335aa7c1367a88',
    'c12fe1c06bba254a9dc9f519b335aa7c1367a88aa',
    'g12fe1c06bba254a9dc9f519b335aa7c1367a88a',
    'c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=http://evil',
    'YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKE1',
  ])('rejects %j', (value) => {
    expect(isInfoHash(value)).toBe(false);
    expect(() => normalizeInfoHash(value)).toThrow(
      expect.objectContaining({ code: TorrentErrorCode.InvalidInfoHash }),
    );
  });
});
