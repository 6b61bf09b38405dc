import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NextEpisodePrefetcher } from '#torrent';
import { HeldTorrents } from '../libs/torrent/src/held-torrents.js';
import { hasPiece, streamSelectionCount } from '../libs/torrent/src/webtorrent.internals.js';
import { makeTempDir, removeDir, writeRandomFile } from './helpers/files.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { startTestApp, type TestApp } from './support/test-app.js';

const MiB = 1024 * 1024;
const PIECE = 256 * 1024;
const EPISODE = 12 * MiB;
/** Natural order is E1, E2, E10: plain text order would put E10 second. */
const EPISODES = ['Show.S01E1.mp4', 'Show.S01E2.mp4', 'Show.S01E10.mp4'];

interface FileJson {
  id: number;
  name: string;
}

const sha1 = (data: Uint8Array) => createHash('sha1').update(data).digest('hex');

describe('next-episode prefetch', () => {
  let dir: string;
  let swarm: Swarm;
  let server: TestApp | undefined;

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-episodes');
    for (const name of EPISODES) await writeRandomFile(join(dir, 'Show', name), EPISODE, name);
    swarm = await startSwarm({ paths: [join(dir, 'Show')], pieceLength: PIECE });
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  afterAll(async () => {
    await swarm.stop();
    await removeDir(dir);
  });

  async function add(): Promise<Map<string, number>> {
    const response = await fetch(`${server!.baseUrl}/torrents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ magnet: swarm.magnetURI }),
    });
    expect(response.status).toBe(201);
    const { files } = (await response.json()) as { files: FileJson[] };
    return new Map(files.map((file) => [file.name, file.id]));
  }

  const torrent = () => server!.app.get(HeldTorrents).get(swarm.infoHash)!.torrent;
  const url = (fileId: number) => `${server!.baseUrl}/stream/${swarm.infoHash}/${fileId}`;
  /** The first 4 MiB of a file (its hot head), as pieces of the torrent. */
  const headPieces = (fileId: number) => {
    const file = torrent().files[fileId];
    const first = Math.floor(file.offset / PIECE);
    return Array.from({ length: (4 * MiB) / PIECE }, (_, i) => first + i);
  };
  const headOnDisk = (fileId: number) => headPieces(fileId).every((piece) => hasPiece(torrent(), piece));
  const noHeadPiece = (fileId: number) => headPieces(fileId).every((piece) => !hasPiece(torrent(), piece));

  it('fetches the head of the next episode in natural order before it is requested, once the viewer passes 90 %', async () => {
    server = await startTestApp({});
    const ids = await add();
    const [e1, e2, e10] = EPISODES.map((name) => ids.get(name)!);
    // only the first episode's edges come at add time
    await expect.poll(() => headOnDisk(e1), { timeout: 10_000 }).toBe(true);
    expect(noHeadPiece(e2) && noHeadPiece(e10)).toBe(true);

    // watch E2 to its end: E10 comes next in natural order (E3..E9 are not in the torrent)
    const body = Buffer.from(await (await fetch(url(e2))).arrayBuffer());
    expect(sha1(body)).toBe(sha1(await readFile(join(dir, 'Show', EPISODES[1]))));
    expect(server.app.get(NextEpisodePrefetcher).prefetching(swarm.infoHash)).toEqual([e10]);
    await expect.poll(() => headOnDisk(e10), { timeout: 10_000 }).toBe(true);

    // ... and the next episode's first bytes are served from disk, exact
    const response = await fetch(url(e10), { headers: { Range: 'bytes=0-1048575' } });
    const source = await readFile(join(dir, 'Show', EPISODES[2]));
    expect(sha1(Buffer.from(await response.arrayBuffer()))).toBe(sha1(source.subarray(0, MiB)));
  });

  it('stops when the viewer leaves before the end', async () => {
    // a slow swarm: the prefetch is still running when the viewer goes
    server = await startTestApp({ download_rate_limit: '2MB' });
    const ids = await add();
    const [e1, e2] = EPISODES.map((name) => ids.get(name)!);
    // the viewer watches E1 from 93 % to 95 % and quits (a stream read to its end reaches the
    // end of the file, which means the next episode is about to start: that one goes on)
    const response = await fetch(url(e1), { headers: { Range: `bytes=${Math.floor(EPISODE * 0.93)}-${Math.floor(EPISODE * 0.95)}` } });
    expect(response.status).toBe(206);
    await response.arrayBuffer();
    const prefetcher = server.app.get(NextEpisodePrefetcher);
    expect(prefetcher.prefetching(swarm.infoHash)).toEqual([e2]);
    // the grace for a seek passes, no reader of E1 came back: the prefetch is dropped
    await expect.poll(() => prefetcher.prefetching(swarm.infoHash), { timeout: 10_000 }).toEqual([]);
    expect(streamSelectionCount(torrent())).toBe(0);
  });
});
