import { describe, expect, it } from 'vitest';
import { checkMediaToken, signMediaToken } from './media-token.util.js';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const file = { infoHash: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a', fileId: 0 };

describe('media tokens', () => {
  it('is the expiry in base 36 and an HMAC-SHA256 of the scope and expiry', () => {
    const token = signMediaToken(secret, file, 1_800_000_000);
    expect(token).toBe('tro8w0.hgUmQFKpj4wiiSuNo1AqiDEvnMF6Xq7z8p43S4rs234');
    expect(checkMediaToken(secret, token, file, 1_799_999_999)).toBe('valid');
    expect(checkMediaToken(secret, token, { ...file, fileId: '0' }, 1_799_999_999)).toBe('valid');
  });

  it('expires at its expiry', () => {
    const token = signMediaToken(secret, file, 1_000);
    expect(checkMediaToken(secret, token, file, 1_000)).toBe('expired');
  });

  it('opens neither another file nor another torrent, nor with another secret', () => {
    const token = signMediaToken(secret, file, 2_000);
    expect(checkMediaToken(secret, token, { ...file, fileId: 1 }, 1_000)).toBe('invalid');
    expect(checkMediaToken(secret, token, { ...file, infoHash: 'd'.repeat(40) }, 1_000)).toBe('invalid');
    expect(checkMediaToken(Buffer.from('another secret of thirty-two byt'), token, file, 1_000)).toBe('invalid');
  });

  it('rejects a tampered expiry or signature, and garbage', () => {
    const token = signMediaToken(secret, file, 2_000);
    const [expiry, signature] = token.split('.');
    const longer = `${(parseInt(expiry, 36) + 86_400).toString(36)}.${signature}`;
    expect(checkMediaToken(secret, longer, file, 1_000)).toBe('invalid');
    const flipped = `${expiry}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(checkMediaToken(secret, flipped, file, 1_000)).toBe('invalid');
    for (const garbage of ['', 'abc', `${expiry}.`, `${expiry}.${signature}x`, `-1.${signature}`]) {
      expect(checkMediaToken(secret, garbage, file, 1_000)).toBe('invalid');
    }
  });
});
