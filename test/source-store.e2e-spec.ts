import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Of } from './helpers/info-hash.ts';
import { startSwarmWithRandomFiles, type RandomFilesSwarm } from './helpers/swarm.ts';
import { startTestApp, type TestApp } from './support/test-app.js';

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

// One node, no Redis: the in-memory source store and the canonical URLs.
describe('one node: canonical hash URLs and the in-memory source store', () => {
  let swarm: RandomFilesSwarm;
  let server: TestApp;

  beforeAll(async () => {
    swarm = await startSwarmWithRandomFiles({ movieBytes: 4 * 1024 * 1024, seed: 'source-store' });
    // no configured trackers: a bare hash alone could never find the swarm
    server = await startTestApp({ trackers: [], torrent_timeout: '3s' });
  });

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
  });

  it('redirects base32 and upper-case hash URLs to lowercase hex with a 308, keeping the query', async () => {
    const h = swarm.infoHash;
    const cases = [
      [`/torrent/${base32Of(h)}`, `/torrent/${h}`],
      [`/stream/${h.toUpperCase()}/0?x=1`, `/stream/${h}/0?x=1`],
      [`/hls/${base32Of(h).toLowerCase()}/0/master.m3u8`, `/hls/${h}/0/master.m3u8`],
    ];
    for (const [from, to] of cases) {
      const response = await fetch(`${server.baseUrl}${from}`, { redirect: 'manual' });
      expect(response.status, from).toBe(308);
      expect(response.headers.get('location'), from).toBe(to);
    }
    // a DELETE keeps its method through a 308; an invalid hash is still the route's 400
    const del = await fetch(`${server.baseUrl}/torrent/${h.toUpperCase()}`, { method: 'DELETE', redirect: 'manual' });
    expect(del.status).toBe(308);
    const bad = await fetch(`${server.baseUrl}/torrent/not-a-hash`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
  });

  it('re-adds a removed torrent from the magnet it was given, not from a bare hash', async () => {
    const added = await fetch(`${server.baseUrl}/torrents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ magnet: swarm.magnetURI.replace(swarm.infoHash, base32Of(swarm.infoHash)) }),
    });
    expect(added.status).toBe(201);
    const body = (await added.json()) as { infoHash: string; files: { name: string; streamUrl: string }[] };
    // every URL handed out is canonical
    expect(body.infoHash).toBe(swarm.infoHash);
    const movie = body.files.find((file) => file.name === 'movie.mp4')!;
    expect(movie.streamUrl).toContain(`/stream/${swarm.infoHash}/`);

    expect((await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`, { method: 'DELETE' })).status).toBe(204);
    // with no trackers configured, only the stored magnet (its tracker and peer) finds the swarm
    const streamed = Buffer.from(await (await fetch(movie.streamUrl)).arrayBuffer());
    const source = await readFile(swarm.sourcePathOf(swarm.files.find((f) => f.name === 'movie.mp4')!.path));
    expect(sha1(streamed)).toBe(sha1(source));

    const stats = (await (await fetch(`${server.baseUrl}/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ nodeId: hostname(), sourceStore: 'memory', sourcesLoaded: 1, torrents: 1 });
  });
});
