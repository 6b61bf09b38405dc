import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSwarmWithRandomFiles, type RandomFilesSwarm } from './helpers/swarm.ts';
import { nodeDataDir } from '../apps/api/src/common/node-data-dir.js';
import { allocatedBytes, sampleEvery } from './support/disk-usage.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MiB = 1024 * 1024;
const PIECE = 256 * 1024;

interface Held {
  infoHash: string;
}

/** A stream that reads its first chunk and then holds still: an active reader. */
async function openHeldStream(url: string, range?: string) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: range ? { Range: range } : {} });
  const reader = response.body!.getReader();
  await reader.read();
  return {
    async close() {
      controller.abort();
      await reader.read().catch(() => undefined);
    },
  };
}

describe('torrent lifecycle and limits', () => {
  const swarms: RandomFilesSwarm[] = [];
  let server: TestApp | undefined;

  beforeAll(async () => {
    for (const seed of ['alpha', 'bravo', 'charlie']) {
      swarms.push(await startSwarmWithRandomFiles({ movieBytes: 30 * MiB, pieceLength: PIECE, seed }));
    }
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  afterAll(async () => {
    for (const swarm of swarms) await swarm.stop();
  });

  const [a, b, c] = [0, 1, 2];
  const api = (path: string, init?: RequestInit) => fetch(`${server!.baseUrl}${path}`, init);
  const add = (swarm: RandomFilesSwarm) =>
    api('/torrents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ magnet: swarm.magnetURI }),
    });
  const held = async () => ((await (await api('/torrents')).json()) as Held[]).map((t) => t.infoHash).sort();
  const dataOf = (swarm: RandomFilesSwarm) => join(server!.nodeDir, 'torrents', swarm.infoHash);
  const movieUrl = (swarm: RandomFilesSwarm) => `${server!.baseUrl}/stream/${swarm.infoHash}/0`;

  it('cache_size: a third add evicts the least recently used idle torrent, never one being streamed', async () => {
    server = await startTestApp({ cache_size: 2 });
    expect((await add(swarms[a])).status).toBe(201);
    const streamA = await openHeldStream(movieUrl(swarms[a]));
    expect((await add(swarms[b])).status).toBe(201);
    // B's hot edges land on disk in the background
    await expect.poll(() => existsSync(dataOf(swarms[b])), { timeout: 10_000 }).toBe(true);

    // A is the least recent but in use, so B goes
    expect((await add(swarms[c])).status).toBe(201);
    expect(await held()).toEqual([swarms[a].infoHash, swarms[c].infoHash].sort());
    expect(existsSync(dataOf(swarms[b]))).toBe(false);

    // every held torrent in use: no room, 503 with Retry-After
    const streamC = await openHeldStream(movieUrl(swarms[c]));
    const refused = await add(swarms[b]);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ statusCode: 503, error: expect.any(String) });

    await streamA.close();
    await streamC.close();
    // A reader released (the server sees the close): now an add succeeds again
    const inUse = async () => ((await (await api('/stats')).json()) as { torrentsInUse: number }).torrentsInUse;
    await expect.poll(inUse, { timeout: 10_000, interval: 50 }).toBe(0);
    expect((await add(swarms[b])).status).toBe(201);
    const stats = (await (await api('/stats')).json()) as { evictions: number; maxTorrents: number; torrents: number };
    expect(stats).toMatchObject({ maxTorrents: 2, torrents: 2 });
    expect(stats.evictions).toBeGreaterThanOrEqual(2);
  });

  it('the scheduled cleanup removes idle torrents and their files, and leaves busy ones alone', async () => {
    server = await startTestApp({ cleanup_interval: '1s', idle_timeout: '2s' });
    expect((await add(swarms[a])).status).toBe(201);
    expect((await add(swarms[b])).status).toBe(201);
    const busy = await openHeldStream(movieUrl(swarms[b]));
    // added together: the sweep that finds A idle would find B idle too, were it not in use
    await expect.poll(held, { timeout: 15_000, interval: 100 }).toEqual([swarms[b].infoHash]);
    // the torrent leaves the list first; its files go right after, asynchronously
    await expect.poll(() => existsSync(dataOf(swarms[a])), { timeout: 5_000, interval: 50 }).toBe(false);
    expect(existsSync(dataOf(swarms[b]))).toBe(true);
    const stats = (await (await api('/stats')).json()) as { cleanups: number; activeStreams: number };
    expect(stats.cleanups).toBeGreaterThanOrEqual(1);
    expect(stats.activeStreams).toBe(1);
    await busy.close();
  });

  it('keeps disk usage within the budget (one piece of slack for file-system metadata), with sha1-exact streams', async () => {
    const budget = 64 * MiB;
    server = await startTestApp({ max_disk_usage: '64MB' });
    const dataDir = server.dataDir;
    let peakRss = 0;
    const sampler = sampleEvery(50, async () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      return allocatedBytes(dataDir);
    });
    for (const swarm of swarms) {
      expect((await add(swarm)).status).toBe(201);
      const response = await fetch(movieUrl(swarm));
      expect(response.status).toBe(200);
      const body = Buffer.from(await response.arrayBuffer());
      const source = await readFile(swarm.sourcePathOf(swarm.files.find((f) => f.name === 'movie.mp4')!.path));
      expect(createHash('sha1').update(body).digest('hex')).toBe(createHash('sha1').update(source).digest('hex'));
    }
    const samples = await sampler.stop();
    const peak = Math.max(...samples);
    // the figures for the closing note
    console.log(
      `disk budget test: ${samples.length} samples, peak ${(peak / MiB).toFixed(1)} MiB of a ${budget / MiB} MiB budget` +
        ` (+${PIECE / MiB} MiB slack), peak RSS of the test process ${(peakRss / MiB).toFixed(0)} MiB`,
    );
    expect(peak).toBeLessThanOrEqual(budget + PIECE);
    // 90 MB streamed under a 64 MB budget: something had to go
    const stats = (await (await api('/stats')).json()) as { evictions: number; diskBudgetBytes: number };
    expect(stats.diskBudgetBytes).toBe(budget);
    expect(stats.evictions).toBeGreaterThanOrEqual(1);
  });

  it("answers 507 JSON when a read cannot get room: every piece on disk is in a reader's window", async () => {
    // two readers hold two pieces each (the smallest window): together the whole budget
    server = await startTestApp({ max_disk_usage: 4 * PIECE });
    expect((await add(swarms[a])).status).toBe(201);
    const reading = await openHeldStream(movieUrl(swarms[a]));
    const readingB = await openHeldStream(movieUrl(swarms[a]), `bytes=${10 * MiB}-`);
    // the windows fill; pieces the readers passed and hot-edge pieces are evicted as the
    // windows need room, until nothing but the windows is left on disk
    let refused: Response | undefined;
    for (let i = 0; i < 40 && refused?.status !== 507; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const controller = new AbortController();
      refused = await fetch(movieUrl(swarms[a]), { signal: controller.signal, headers: { Range: `bytes=${20 * MiB}-` } });
      if (refused.status !== 507) controller.abort();
    }
    expect(refused!.status).toBe(507);
    expect(await refused!.json()).toEqual({ statusCode: 507, error: expect.stringContaining('disk budget') });
    expect(await held()).toEqual([swarms[a].infoHash]);
    await reading.close();
    await readingB.close();
  });

  it('download_rate_limit caps the transfer: 10 MB at 2 MB/s takes at least ~4 s', async () => {
    const slow = await startSwarmWithRandomFiles({ movieBytes: 10 * MiB, pieceLength: PIECE, seed: 'slow' });
    try {
      server = await startTestApp({ download_rate_limit: '2MB' });
      expect((await add(slow)).status).toBe(201);
      const started = Date.now();
      const response = await fetch(movieUrl(slow));
      expect((await response.arrayBuffer()).byteLength).toBe(10 * MiB);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
    } finally {
      await slow.stop();
    }
  });

  it('deletes data its node left by an earlier run at startup, and leaves a neighbour sharing the volume alone', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tod-p2m-leftover-'));
    const own = nodeDataDir({ dataDir, nodeId: 'node-a' });
    const neighbour = nodeDataDir({ dataDir, nodeId: 'node-b' });
    const leftovers = [join(own, 'torrents', 'a'.repeat(40)), join(own, 'hls', 'b'.repeat(40))];
    const neighbours = [join(neighbour, 'torrents', 'a'.repeat(40)), join(neighbour, 'hls', 'b'.repeat(40))];
    for (const dir of [...leftovers, ...neighbours]) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'piece.bin'), Buffer.alloc(MiB));
    }
    server = await startTestApp({ data_dir: dataDir, node_id: 'node-a' });
    try {
      for (const dir of leftovers) expect(existsSync(dir), dir).toBe(false);
      for (const dir of neighbours) expect(existsSync(join(dir, 'piece.bin')), dir).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
