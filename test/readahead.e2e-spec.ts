import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import Protocol from 'bittorrent-protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HeldTorrents } from '../libs/torrent/src/held-torrents.js';
import { hasPiece, streamSelectionCount } from '../libs/torrent/src/webtorrent.internals.js';
import { PieceEvictor, WebTorrentEngine } from '#torrent';
import { startSwarmWithRandomFiles, type RandomFilesSwarm } from './helpers/swarm.ts';
import { allocatedBytes, sampleEvery } from './support/disk-usage.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MiB = 1024 * 1024;
const PIECE = 256 * 1024;
const BUDGET = 16 * MiB;
/** 2.5 × the budget. */
const MOVIE = 40 * MiB;

const sha1 = (data: Uint8Array) => createHash('sha1').update(data).digest('hex');

describe('read-ahead windows and piece eviction', () => {
  let swarm: RandomFilesSwarm;
  let server: TestApp | undefined;
  let source: Buffer;

  beforeAll(async () => {
    swarm = await startSwarmWithRandomFiles({ movieBytes: MOVIE, pieceLength: PIECE, seed: 'readahead' });
    source = await readFile(swarm.sourcePathOf(swarm.files.find((f) => f.name === 'movie.mp4')!.path));
  });

  /** Set by a test whose server the next test goes on with. */
  let keepServer = false;

  afterEach(async () => {
    if (keepServer) return void (keepServer = false);
    await server?.close();
    server = undefined;
  });

  afterAll(async () => {
    await swarm.stop();
  });

  const movieUrl = () => `${server!.baseUrl}/stream/${swarm.infoHash}/0`;
  const add = async () => {
    const response = await fetch(`${server!.baseUrl}/torrents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ magnet: swarm.magnetURI }),
    });
    expect(response.status).toBe(201);
  };
  const torrent = () => server!.app.get(HeldTorrents).get(swarm.infoHash)!.torrent;
  const readAll = async (range?: string) => {
    const response = await fetch(movieUrl(), { headers: range ? { Range: range } : {} });
    return Buffer.from(await response.arrayBuffer());
  };

  it('streams a file 2.5× the disk budget whole and sha1-exact, twice, never past budget + one piece', async () => {
    server = await startTestApp({ max_disk_usage: BUDGET });
    await add();
    const sampler = sampleEvery(50, () => allocatedBytes(server!.dataDir));
    expect(sha1(await readAll())).toBe(sha1(source));
    // the second read finds the head evicted: it comes back from the swarm, verified
    expect(hasPiece(torrent(), 20)).toBe(false);
    expect(sha1(await readAll())).toBe(sha1(source));
    const samples = await sampler.stop();
    const peak = Math.max(...samples);
    console.log(`2.5× budget: ${samples.length} samples, peak ${(peak / MiB).toFixed(2)} MiB of ${BUDGET / MiB} MiB`);
    expect(samples.length).toBeGreaterThan(10);
    expect(peak).toBeLessThanOrEqual(BUDGET + PIECE);
    expect(server.app.get(PieceEvictor).evicted).toBeGreaterThan((MOVIE - BUDGET) / PIECE);
    expect(streamSelectionCount(torrent())).toBe(0);
    keepServer = true;
  });

  it('a peer asking for an evicted piece gets a reject, never bytes; a piece we have comes exact', async () => {
    // goes on with the server of the test above, which streamed the file through the budget
    // past the 4 MiB head (a hot edge, evicted last)
    // with 16 of the 40 MiB on disk, most pieces past the head are gone; which ones depends on timing
    const head = (4 * MiB) / PIECE;
    const evicted = Array.from({ length: MOVIE / PIECE - head }, (_, i) => head + i).find((piece) => !hasPiece(torrent(), piece))!;
    expect(evicted, 'a piece past the head that the reads evicted').toBeDefined();
    const kept = MOVIE / PIECE - 1;
    expect(hasPiece(torrent(), kept)).toBe(true);

    const port = server!.app.get(WebTorrentEngine).peerPort!;
    const socket = connect(port, '127.0.0.1');
    const wire = new Protocol();
    socket.pipe(wire).pipe(socket);
    try {
      const bitfield = new Promise<{ get(i: number): boolean }>((resolve) => wire.once('bitfield', resolve));
      const unchoked = new Promise((resolve) => wire.once('unchoke', resolve));
      wire.handshake(swarm.infoHash, randomBytes(20), { fast: true });
      // our bitfield does not claim what we evicted
      const theirs = await bitfield;
      expect(theirs.get(evicted)).toBe(false);
      expect(theirs.get(kept)).toBe(true);
      wire.interested();
      await unchoked;
      const ask = (piece: number) =>
        new Promise<Uint8Array | Error>((resolve) => {
          wire.request(piece, 0, 16 * 1024, (err: Error | null, block: Uint8Array) => resolve(err ?? block));
          setTimeout(() => resolve(new Error('no answer')), 3000).unref();
        });
      const refused = await ask(evicted);
      expect(refused).toBeInstanceOf(Error);
      const block = await ask(kept);
      expect(block).not.toBeInstanceOf(Error);
      expect(Buffer.from(block as Uint8Array).equals(source.subarray(kept * PIECE, kept * PIECE + 16 * 1024))).toBe(true);
      // a block cancelled and asked for again in the same breath is still answered, byte-exact
      // (answerRequestsAskedAgain; the contract spec forces the race a stock wire loses with a slow read)
      const offset = 16 * 1024;
      wire.request(kept, offset, 16 * 1024, () => undefined);
      // the published types of bittorrent-protocol lag behind its code: cancel() is there
      (wire as unknown as { cancel(index: number, offset: number, length: number): void }).cancel(kept, offset, 16 * 1024);
      const again = await new Promise<Uint8Array | Error>((resolve) => {
        wire.request(kept, offset, 16 * 1024, (err: Error | null, data: Uint8Array) => resolve(err ?? data));
        setTimeout(() => resolve(new Error('no answer')), 3000).unref();
      });
      expect(again).not.toBeInstanceOf(Error);
      expect(Buffer.from(again as Uint8Array).equals(source.subarray(kept * PIECE + offset, kept * PIECE + offset + 16 * 1024))).toBe(true);
    } finally {
      wire.destroy();
      socket.destroy();
    }
  });

  it('a slow reader and a fast one on the same file both get exact bytes within the budget', async () => {
    server = await startTestApp({ max_disk_usage: BUDGET });
    await add();
    const sampler = sampleEvery(50, () => allocatedBytes(server!.dataDir));
    const slow = (async () => {
      const response = await fetch(movieUrl());
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      let paused = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        // hold still a while at 4 MiB (backpressure), while the fast reader runs ahead to the end
        if (!paused && received > 4 * MiB) {
          paused = true;
          await new Promise((resolve) => setTimeout(resolve, 3000));
        }
      }
      return Buffer.concat(chunks);
    })();
    const fast = readAll();
    expect(sha1(await fast)).toBe(sha1(source));
    expect(sha1(await slow)).toBe(sha1(source));
    const peak = Math.max(...(await sampler.stop()));
    console.log(`slow and fast readers: peak ${(peak / MiB).toFixed(2)} MiB of ${BUDGET / MiB} MiB`);
    // pieces hold their room until written, however many readers: one piece of slack for file-system metadata
    expect(peak).toBeLessThanOrEqual(BUDGET + PIECE);
  });

  it('seeks leave no selections behind and download little more than their windows', async () => {
    server = await startTestApp({});
    await add();
    for (let seek = 0; seek < 10; seek++) {
      const start = Math.floor((((seek * 7919) % 97) / 97) * (MOVIE - MiB));
      const controller = new AbortController();
      const response = await fetch(movieUrl(), { signal: controller.signal, headers: { Range: `bytes=${start}-` } });
      const reader = response.body!.getReader();
      const first = (await reader.read()).value ?? new Uint8Array();
      expect(first.length).toBeGreaterThan(0);
      expect(Buffer.from(first).equals(source.subarray(start, start + first.length))).toBe(true);
      controller.abort();
      await reader.read().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(streamSelectionCount(torrent())).toBe(0);
    // each seek selected a window (≤ 30 MB) instead of the rest of the file; the seeks start
    // all over the file, so whole-rest selections would have fetched nearly all of it
    const stats = (await (await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`)).json()) as { progress: number };
    expect(stats.progress).toBeLessThan(1);
  });

  it('keep_files: complete files stay normal files, byte-exact, through piece eviction and removal', async () => {
    server = await startTestApp({ max_disk_usage: BUDGET, keep_files: true });
    await add();
    const srt = swarm.files.find((f) => f.name === 'en.srt')!;
    const srtId = swarm.files.indexOf(srt);
    const srtSource = await readFile(swarm.sourcePathOf(srt.path));
    const served = Buffer.from(
      await (await fetch(`${server.baseUrl}/stream/${swarm.infoHash}/${srtId}`)).arrayBuffer(),
    );
    expect(served.equals(srtSource)).toBe(true);
    // stream the movie past the budget: pieces are evicted, never those of the complete subtitles
    expect(sha1(await readAll())).toBe(sha1(source));
    expect(server.app.get(PieceEvictor).evicted).toBeGreaterThan(0);
    const onDisk = join(server.nodeDir, 'torrents', swarm.infoHash, srt.path);
    expect((await readFile(onDisk)).equals(srtSource)).toBe(true);
    expect((await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect((await readFile(onDisk)).equals(srtSource)).toBe(true);
  });
});
