import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import Protocol from 'bittorrent-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebTorrentEngine } from '#torrent';
import { startSwarmWithRandomFiles } from './helpers/swarm.ts';
import { startTestApp, type TestApp } from './support/test-app.js';

const MiB = 1024 * 1024;
const PIECE = 256 * 1024;
const MOVIE = 16 * MiB;

/** The part of bittorrent-protocol's Wire used here (its published types lag behind the code). */
interface RawWire {
  pipe(to: NodeJS.WritableStream): void;
  on(event: 'request', fn: (index: number, offset: number, length: number, respond: (err: Error | null, block?: Uint8Array) => void) => void): void;
  once(event: 'handshake' | 'interested', fn: () => void): void;
  handshake(infoHash: string, peerId: Buffer, extensions: { fast: boolean }): void;
  haveAll(): void;
  unchoke(): void;
  destroy(): void;
}

/**
 * What this server asks a peer for, seen from the peer: a raw BitTorrent peer that has every
 * piece and is the only source of a torrent added from its .torrent file (no tracker answers).
 */
describe('block requests to a new peer', () => {
  let server: TestApp;
  let torrentFile: Buffer;
  let infoHash: string;
  let socket: Socket | undefined;
  let wire: RawWire | undefined;

  beforeAll(async () => {
    // only for a real .torrent (movie.mp4 at offset 0, its subtitles, a readme); its tracker and
    // seeder go away, so the raw peer below is the torrent's only peer
    const swarm = await startSwarmWithRandomFiles({ movieBytes: MOVIE, pieceLength: PIECE, seed: 'peer-requests' });
    ({ torrentFile, infoHash } = swarm);
    await swarm.stop();
    server = await startTestApp();
  });

  afterAll(async () => {
    wire?.destroy();
    socket?.destroy();
    await server?.close();
  });

  it('asks first for the first piece of the film, not the last piece of its tail, and only after that block pipelines', async () => {
    const form = new FormData();
    form.append('torrent', new Blob([torrentFile]), 'files.torrent');
    const added = await fetch(`${server.baseUrl}/torrents`, { method: 'POST', body: form });
    expect(added.status).toBe(201);

    socket = connect(server.app.get(WebTorrentEngine).peerPort!, '127.0.0.1');
    wire = new Protocol() as unknown as RawWire;
    socket.pipe(wire as unknown as NodeJS.WritableStream);
    wire.pipe(socket);
    const requests: { index: number; offset: number }[] = [];
    let answerFirst: (() => void) | undefined;
    wire.on('request', (index, offset, length, respond) => {
      requests.push({ index, offset });
      // the first block is held a moment, as a peer's first disk read is: nothing else may come meanwhile
      const answer = () => respond(null, new Uint8Array(length));
      if (requests.length === 1) answerFirst = answer;
      else answer();
    });
    const handshaken = new Promise<void>((resolve) => wire!.once('handshake', resolve));
    const interested = new Promise<void>((resolve) => wire!.once('interested', resolve));
    wire.handshake(infoHash, randomBytes(20), { fast: true });
    await handshaken;
    wire.haveAll();
    await interested;
    wire.unchoke();

    await waitFor(() => requests.length > 0, 'the first request');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // one block, of the film's first piece: webtorrent tests a new wire with a single request
    // (without requestFirstFromNewPeers it is the last piece of the film's tail, 63)
    expect(requests).toEqual([{ index: 0, offset: 0 }]);
    answerFirst!();
    // once the peer has answered, the rest of the hot edges are requested (blocks of zeros fail
    // their hash check, which is not what this test is about)
    await waitFor(() => requests.length > 1, 'requests after the first block');
    expect(requests.slice(1).every(({ index }) => index < 16 || index >= MOVIE / PIECE - 16)).toBe(true);
  });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
