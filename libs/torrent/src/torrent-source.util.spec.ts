import { describe, expect, it } from 'vitest';
import { decode } from 'magnet-uri';
import { sourceFromInfoHash, sourceFromMagnet, sourceFromTorrentFile } from './torrent-source.util.js';
import { TorrentErrorCode } from './torrent.errors.js';

const HASH = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';

describe('sourceFromInfoHash', () => {
  it('builds a magnet with the configured trackers', () => {
    const source = sourceFromInfoHash(HASH.toUpperCase(), ['http://127.0.0.1:8000/announce']);
    expect(source.infoHash).toBe(HASH);
    expect(source.torrentId).toBe(
      `magnet:?xt=urn:btih:${HASH}&tr=http%3A%2F%2F127.0.0.1%3A8000%2Fannounce`,
    );
  });
});

describe('sourceFromMagnet', () => {
  it('keeps the magnet trackers and peers, adds the configured trackers once', () => {
    const uri =
      `magnet:?xt=urn:btih:${HASH.toUpperCase()}&dn=Big+Buck&tr=udp%3A%2F%2Ft.example%3A1337` +
      '&x.pe=127.0.0.1:6881&tr=javascript%3Aalert(1)';
    const source = sourceFromMagnet(uri, ['udp://t.example:1337', 'http://127.0.0.1:1/announce']);
    expect(source.infoHash).toBe(HASH);
    const rebuilt = decode(source.torrentId as string);
    expect(rebuilt.infoHash).toBe(HASH);
    expect(rebuilt.announce).toEqual(['udp://t.example:1337', 'http://127.0.0.1:1/announce']);
    expect(rebuilt.peerAddresses).toEqual(['127.0.0.1:6881']);
    expect(rebuilt.name).toBe('Big Buck');
  });

  it.each([
    'http://example.com',
    'magnet:?dn=nohash',
    'magnet:?xt=urn:btih:zzzz',
    `magnet:?xt=urn:sha1:${HASH}`,
    `magnet:?xt=urn:btih:${HASH.slice(0, 39)}g`,
  ])('rejects %j', (uri) => {
    expect(() => sourceFromMagnet(uri, [])).toThrow(
      expect.objectContaining({ code: TorrentErrorCode.InvalidMagnet }),
    );
  });
});

describe('sourceFromTorrentFile', () => {
  it('rejects bytes that are not a torrent', async () => {
    await expect(sourceFromTorrentFile(new TextEncoder().encode('hello'))).rejects.toMatchObject({
      code: TorrentErrorCode.InvalidTorrentFile,
    });
  });
});
