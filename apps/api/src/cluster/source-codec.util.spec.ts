import { describe, expect, it } from 'vitest';
import { decodeSource, encodeSource } from './source-codec.util.js';

describe('source codec', () => {
  it('round-trips a magnet as its text', () => {
    const magnet =
      'magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=http%3A%2F%2F127.0.0.1%3A1%2Fannounce';
    const encoded = encodeSource(magnet);
    expect(Buffer.from(encoded).toString('utf8')).toBe(magnet);
    expect(decodeSource(encoded)).toEqual({ magnet });
  });

  it('keeps .torrent bytes untouched', () => {
    const bytes = new Uint8Array([0x64, 0x34, 0x3a, 0x69, 0x6e, 0x66, 0x6f, 0xff, 0x00, 0x65]);
    expect(encodeSource(bytes)).toBe(bytes);
    expect(decodeSource(bytes)).toEqual({ torrentFile: bytes });
  });

  it('reads a short value as a .torrent, never as a magnet', () => {
    expect(decodeSource(new TextEncoder().encode('mag'))).toEqual({ torrentFile: new TextEncoder().encode('mag') });
  });
});
