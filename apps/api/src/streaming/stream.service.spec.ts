import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TorrentFileInfo, TorrentService } from '#torrent';
import { StreamService, type StreamRequest } from './stream.service.js';

const HASH = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';
const SIZE = 1000;
const ETAG = `"${HASH}-0-${SIZE}"`;

/** The torrent side, faked: a 1000-byte file; reads and room checks are recorded. */
function fakeTorrents() {
  const file: TorrentFileInfo = { id: 0, name: 'movie.mp4', path: 'movie.mp4', size: SIZE, progress: 0, mimeType: 'video/mp4', kind: 'video' };
  return {
    fileInfo: vi.fn(() => Promise.resolve(file)),
    ensureRoomToRead: vi.fn(() => Promise.resolve()),
    openRange: vi.fn(() => Readable.from([])),
  };
}

describe('StreamService', () => {
  let torrents: ReturnType<typeof fakeTorrents>;
  let service: StreamService;
  const ask = (request: Partial<StreamRequest>) => service.answer({ infoHash: HASH, fileId: 0, withBody: true, ...request });

  beforeEach(() => {
    torrents = fakeTorrents();
    service = new StreamService(torrents as unknown as TorrentService);
  });

  it('answers a whole file with 200, immutable caching and an inline name; reading waits for open()', async () => {
    const answer = await ask({});
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({
      'Accept-Ranges': 'bytes',
      ETag: ETAG,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Content-Type': 'video/mp4',
      'Content-Length': String(SIZE),
      'Content-Disposition': 'inline; filename="movie.mp4"',
      'transferMode.dlna.org': 'Streaming',
      'contentFeatures.dlna.org': 'DLNA.ORG_OP=01;DLNA.ORG_CI=0;DLNA.ORG_FLAGS=01700000000000000000000000000000',
    });
    expect(torrents.ensureRoomToRead).toHaveBeenCalledWith(HASH, 0);
    expect(torrents.openRange).not.toHaveBeenCalled();
    answer.open!();
    expect(torrents.openRange).toHaveBeenCalledWith(HASH, 0, { start: 0, end: SIZE - 1 });
  });

  it('answers a range with 206 and reads exactly it', async () => {
    const answer = await ask({ range: 'bytes=100-199' });
    expect(answer.status).toBe(206);
    expect(answer.headers['Content-Range']).toBe(`bytes 100-199/${SIZE}`);
    expect(answer.headers['Content-Length']).toBe('100');
    answer.open!();
    expect(torrents.openRange).toHaveBeenCalledWith(HASH, 0, { start: 100, end: 199 });
  });

  it('honours If-Range: our ETag keeps the range, a stale one gets the whole file', async () => {
    expect((await ask({ range: 'bytes=0-9', ifRange: ETAG })).status).toBe(206);
    expect((await ask({ range: 'bytes=0-9', ifRange: '"old"' })).status).toBe(200);
  });

  it('answers 416 with the size, and 304 on a matching If-None-Match, without reading or making room', async () => {
    const unsatisfiable = await ask({ range: `bytes=${SIZE}-` }).catch((error: unknown) => error);
    expect(unsatisfiable).toMatchObject({ status: 416, headers: expect.objectContaining({ 'Content-Range': `bytes */${SIZE}` }) });
    expect((await ask({ ifNoneMatch: `W/${ETAG}` })).status).toBe(304);
    expect(torrents.ensureRoomToRead).not.toHaveBeenCalled();
    expect(torrents.openRange).not.toHaveBeenCalled();
  });

  it('HEAD has the GET headers and no disk-budget side effects: no room check, nothing to open', async () => {
    const get = await ask({ range: 'bytes=0-9' });
    torrents.ensureRoomToRead.mockClear();
    const head = await ask({ range: 'bytes=0-9', withBody: false });
    expect(head).toEqual({ status: get.status, headers: get.headers });
    expect(torrents.ensureRoomToRead).not.toHaveBeenCalled();
  });

  it('lets a full disk refuse a GET before any header goes out', async () => {
    torrents.ensureRoomToRead.mockRejectedValue(new Error('disk full'));
    await expect(ask({})).rejects.toThrow('disk full');
  });
});
