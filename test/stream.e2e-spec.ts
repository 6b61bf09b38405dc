import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwarmWithRandomFiles, type RandomFilesSwarm } from './helpers/swarm.ts';
import { startTestApp, type TestApp } from './support/test-app.js';

interface TorrentBody {
  infoHash: string;
  size: number;
  files: { id: number; name: string; path: string; size: number; progress: number; mimeType: string; streamUrl: string; hlsUrl?: string }[];
}

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

async function sourceSlice(path: string, start: number, end: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(end - start + 1);
    await handle.read(buffer, 0, buffer.length, start);
    return buffer;
  } finally {
    await handle.close();
  }
}

describe('torrents and byte-range streaming over a loopback swarm', () => {
  let swarm: RandomFilesSwarm;
  let server: TestApp;
  let movie: { id: number; size: number; source: string };
  let streamUrl: string;

  beforeAll(async () => {
    swarm = await startSwarmWithRandomFiles();
    server = await startTestApp({ trackers: [swarm.announceUrl], torrent_timeout: '3s' });
    const body = await getJson(`/torrent/${swarm.infoHash}`);
    const file = body.files.find((f: { name: string }) => f.name === 'movie.mp4');
    movie = { id: file.id, size: file.size, source: swarm.sourcePathOf(file.path) };
    streamUrl = `${server.baseUrl}/stream/${swarm.infoHash}/${movie.id}`;
  });

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are asserted field by field
  async function getJson(path: string, init?: RequestInit): Promise<any> {
    const response = await fetch(`${server.baseUrl}${path}`, init);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    return response.json();
  }

  it('lists metadata and files, with stream URLs and HLS only for media', async () => {
    const response = await fetch(`${server.baseUrl}/torrent/${swarm.infoHash.toUpperCase()}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as TorrentBody;
    expect(body).toMatchObject({ infoHash: swarm.infoHash, name: swarm.name, ready: true });
    expect(body.size).toBe(swarm.files.reduce((sum, file) => sum + file.length, 0));
    expect(body.files.map((f: { path: string }) => f.path).sort()).toEqual(
      swarm.files.map((file) => file.path).sort(),
    );
    for (const file of body.files) {
      expect(file.streamUrl).toBe(`${server.baseUrl}/stream/${swarm.infoHash}/${file.id}/${encodeURIComponent(file.name)}`);
      expect(typeof file.progress).toBe('number');
      if (file.name === 'movie.mp4') {
        expect(file.mimeType).toBe('video/mp4');
        expect(file.hlsUrl).toBe(`${server.baseUrl}/hls/${swarm.infoHash}/${file.id}/master.m3u8`);
      } else {
        expect(file.hlsUrl).toBeUndefined();
      }
    }
  });

  it('streams the whole file sha1-identical with 200 and the right headers', async () => {
    const response = await fetch(streamUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(movie.size));
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="movie.mp4"');
    expect(response.headers.get('etag')).toBe(`"${swarm.infoHash}-${movie.id}-${movie.size}"`);
    expect(response.headers.get('cache-control')).toContain('immutable');
    const body = new Uint8Array(await response.arrayBuffer());
    expect(sha1(body)).toBe(sha1(await readFile(movie.source)));
  });

  it.each([
    ['first byte', () => 'bytes=0-0', () => [0, 0]],
    ['a middle range', () => 'bytes=1000-70000', () => [1000, 70000]],
    ['the last byte', () => `bytes=${movie.size - 1}-${movie.size - 1}`, () => [movie.size - 1, movie.size - 1]],
    ['an open range', () => `bytes=${movie.size - 300000}-`, () => [movie.size - 300000, movie.size - 1]],
    ['a suffix', () => 'bytes=-500', () => [movie.size - 500, movie.size - 1]],
    ['an end past EOF (clamped)', () => `bytes=${movie.size - 10}-${movie.size + 10000}`, () => [movie.size - 10, movie.size - 1]],
  ])('answers %s with 206 and exact bytes', async (_label, range, expected) => {
    const [start, end] = expected();
    const response = await fetch(streamUrl, { headers: { Range: range() } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${movie.size}`);
    expect(response.headers.get('content-length')).toBe(String(end - start + 1));
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(await sourceSlice(movie.source, start, end))).toBe(true);
  });

  it('answers a range beyond EOF with 416 and bytes */size', async () => {
    const response = await fetch(streamUrl, { headers: { Range: `bytes=${movie.size}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${movie.size}`);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ statusCode: 416, error: expect.stringContaining('past the end') });
  });

  it('answers multi-range and malformed Range headers with the whole file', async () => {
    for (const range of ['bytes=0-1,10-20', 'bytes=nonsense']) {
      const response = await fetch(streamUrl, { headers: { Range: range } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-length')).toBe(String(movie.size));
      await response.body?.cancel();
    }
  });

  it('honours If-Range and If-None-Match', async () => {
    const etag = `"${swarm.infoHash}-${movie.id}-${movie.size}"`;
    const matching = await fetch(streamUrl, { headers: { Range: 'bytes=0-9', 'If-Range': etag } });
    expect(matching.status).toBe(206);
    await matching.arrayBuffer();
    const stale = await fetch(streamUrl, { headers: { Range: 'bytes=0-9', 'If-Range': '"old"' } });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
    const cached = await fetch(streamUrl, { headers: { 'If-None-Match': etag } });
    expect(cached.status).toBe(304);
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const response = await fetch(streamUrl, { method: 'HEAD', headers: { Range: 'bytes=10-19' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-length')).toBe('10');
    expect(response.headers.get('content-range')).toBe(`bytes 10-19/${movie.size}`);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('exposes range headers to browsers through CORS', async () => {
    const response = await fetch(streamUrl, { headers: { Origin: 'http://player.example', Range: 'bytes=0-1' } });
    expect(response.headers.get('access-control-allow-origin')).toBeTruthy();
    const exposed = response.headers.get('access-control-expose-headers') ?? '';
    for (const header of ['Content-Range', 'Accept-Ranges', 'Content-Length']) expect(exposed).toContain(header);
    await response.arrayBuffer();
  });

  it('serves 8 concurrent overlapping range readers exact bytes', async () => {
    const ranges = Array.from({ length: 8 }, (_, i) => {
      const start = Math.floor((movie.size / 10) * i);
      return [start, Math.min(movie.size - 1, start + Math.floor(movie.size / 4))] as const;
    });
    const bodies = await Promise.all(
      ranges.map(async ([start, end]) => {
        const response = await fetch(streamUrl, { headers: { Range: `bytes=${start}-${end}` } });
        expect(response.status).toBe(206);
        return Buffer.from(await response.arrayBuffer());
      }),
    );
    for (const [i, [start, end]] of ranges.entries()) {
      expect(bodies[i].equals(await sourceSlice(movie.source, start, end))).toBe(true);
    }
  });

  it('survives a client that aborts mid-stream, and the next read is fast', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const controller = new AbortController();
      const response = await fetch(streamUrl, { signal: controller.signal });
      const reader = response.body!.getReader();
      await reader.read();
      controller.abort();
      await reader.read().catch(() => undefined);
    }
    const oneByte = await fetch(streamUrl, { headers: { Range: 'bytes=0-0' } });
    expect(oneByte.status).toBe(206);
    expect((await oneByte.arrayBuffer()).byteLength).toBe(1);
    const started = Date.now();
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
    const range = await fetch(streamUrl, { headers: { Range: 'bytes=5000000-5100000' } });
    expect(Buffer.from(await range.arrayBuffer()).equals(await sourceSlice(movie.source, 5000000, 5100000))).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('adds by magnet (POST JSON) and lists it in GET /torrents', async () => {
    const response = await fetch(`${server.baseUrl}/torrents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ magnet: swarm.magnetURI }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ infoHash: swarm.infoHash, ready: true });
    const list = await getJson('/torrents');
    expect(list.map((t: { infoHash: string }) => t.infoHash)).toContain(swarm.infoHash);
  });

  it('adds a .torrent upload (multipart), then DELETE removes it and its data', async () => {
    const form = new FormData();
    form.append('torrent', new Blob([swarm.torrentFile]), 'files.torrent');
    const response = await fetch(`${server.baseUrl}/torrents`, { method: 'POST', body: form });
    expect(response.status).toBe(201);
    expect(((await response.json()) as TorrentBody).infoHash).toBe(swarm.infoHash);
    expect(existsSync(join(server.nodeDir, 'torrents', swarm.infoHash))).toBe(true);

    const removed = await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(existsSync(join(server.nodeDir, 'torrents', swarm.infoHash))).toBe(false);
    const list = await getJson('/torrents');
    expect(list.map((t: { infoHash: string }) => t.infoHash)).not.toContain(swarm.infoHash);
    const again = await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`, { method: 'DELETE' });
    expect(again.status).toBe(404);

    // A saved stream URL keeps working: the stream route re-adds the torrent.
    const revived = await fetch(streamUrl, { headers: { Range: 'bytes=0-99' } });
    expect(revived.status).toBe(206);
    expect(Buffer.from(await revived.arrayBuffer()).equals(await sourceSlice(movie.source, 0, 99))).toBe(true);
  });

  it('answers 504 JSON when nobody seeds the metadata, and keeps trying', async () => {
    const unknown = randomBytes(20).toString('hex');
    const started = Date.now();
    const response = await fetch(`${server.baseUrl}/torrent/${unknown}`);
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ statusCode: 504, error: expect.stringContaining(unknown) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    const list = await getJson('/torrents');
    expect(list).toContainEqual(expect.objectContaining({ infoHash: unknown, ready: false }));
  });

  describe('bad input gets 4xx JSON', () => {
    const hash = () => swarm.infoHash;
    it.each([
      ['a short hash', 'GET', () => '/torrent/xyz', 400],
      ['a tracker smuggled in the hash', 'GET', () => `/torrent/${hash()}${encodeURIComponent('&tr=http://evil.example/announce')}`, 400],
      ['a hash with an extra path', 'GET', () => `/torrent/${hash()}&tr=http://evil.example/announce`, 404],
      ['a 41-character hash', 'GET', () => `/torrent/${hash()}0`, 400],
      ['a stream with a bad hash', 'GET', () => '/stream/nothex/0', 400],
      ['a negative file id', 'GET', () => `/stream/${hash()}/-1`, 400],
      ['a fractional file id', 'GET', () => `/stream/${hash()}/1.5`, 400],
      ['a word as file id', 'GET', () => `/stream/${hash()}/abc`, 400],
      ['a huge file id', 'GET', () => `/stream/${hash()}/99999999999`, 400],
      ['a file id past the list', 'GET', () => `/stream/${hash()}/999`, 404],
      ['HEAD of a file id past the list', 'HEAD', () => `/stream/${hash()}/999`, 404],
      ['DELETE with a bad hash', 'DELETE', () => '/torrent/123', 400],
      ['an unknown route', 'GET', () => '/no/such/route', 404],
    ])('%s → %s %d', async (_label, method, path, status) => {
      const response = await fetch(`${server.baseUrl}${path()}`, { method });
      expect(response.status).toBe(status);
      if (method !== 'HEAD') expect(await response.json()).toEqual({ statusCode: status, error: expect.any(String) });
    });

    it.each([
      ['an empty body', {}],
      ['both magnet and infoHash', { magnet: 'magnet:?xt=urn:btih:' + 'a'.repeat(40), infoHash: 'a'.repeat(40) }],
      ['a magnet that is not a magnet', { magnet: 'https://example.com/x.torrent' }],
      ['a magnet without btih', { magnet: 'magnet:?dn=nothing' }],
      ['a bad infoHash', { infoHash: 'xyz' }],
      ['a non-string infoHash', { infoHash: 42 }],
      ['an unknown field', { infoHash: 'a'.repeat(40), extra: true }],
    ])('POST /torrents with %s → 400', async (_label, body) => {
      const response = await fetch(`${server.baseUrl}/torrents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ statusCode: 400, error: expect.any(String) });
    });

    it('POST /torrents with broken JSON → 400', async () => {
      const response = await fetch(`${server.baseUrl}/torrents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"magnet":',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ statusCode: 400, error: expect.any(String) });
    });

    it('POST /torrents with an unparsable .torrent → 400, an oversized one → 413', async () => {
      const garbage = new FormData();
      garbage.append('torrent', new Blob([randomBytes(2048)]), 'bad.torrent');
      const bad = await fetch(`${server.baseUrl}/torrents`, { method: 'POST', body: garbage });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ statusCode: 400, error: expect.stringContaining('torrent') });

      const huge = new FormData();
      huge.append('torrent', new Blob([Buffer.alloc(11 * 1024 * 1024)]), 'huge.torrent');
      const tooBig = await fetch(`${server.baseUrl}/torrents`, { method: 'POST', body: huge });
      expect(tooBig.status).toBe(413);
      expect(await tooBig.json()).toEqual({ statusCode: 413, error: expect.any(String) });
    });
  });

  it('describes every route in /docs-json', async () => {
    const document = await getJson('/docs-json');
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual(
      expect.arrayContaining([
        '/health',
        '/torrents',
        '/torrent/{infoHash}',
        '/stream/{infoHash}/{fileId}',
        '/stats',
        '/hls/{infoHash}/{fileId}/master.m3u8',
        '/hls/{infoHash}/{fileId}/playlist.m3u8',
        '/hls/{infoHash}/{fileId}/{segment}.ts',
      ]),
    );
    // every route documents its JSON errors, so generated clients get typed errors
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      // routes that take no input at all have no 400 to document
      if (['/health', '/health/ready', '/stats', '/metrics', '/playlist.m3u'].includes(path)) continue;
      for (const operation of Object.values(operations)) {
        expect(Object.keys(operation.responses), path).toContain('400');
      }
    }
    const segment = document.paths['/hls/{infoHash}/{fileId}/{segment}.ts'].get;
    expect(Object.keys(segment.responses)).toEqual(expect.arrayContaining(['200', '400', '404', '415', '422', '502', '503']));
    expect(Object.keys(document.paths['/torrent/{infoHash}']).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(document.paths['/stream/{infoHash}/{fileId}']).sort()).toEqual(['get', 'head']);
    const streamGet = document.paths['/stream/{infoHash}/{fileId}'].get;
    expect(Object.keys(streamGet.responses)).toEqual(expect.arrayContaining(['200', '206', '400', '404', '416', '504']));
  });
});
