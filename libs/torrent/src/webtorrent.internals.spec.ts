import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Wire from 'bittorrent-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSelection,
  answerRequestsAskedAgain,
  capRequestQueue,
  failTorrent,
  forgetPiece,
  hasPiece,
  readPiece,
  removeSelection,
  requestFirstFromNewPeers,
  servePrioritiesInOrder,
  streamSelectionCount,
  streamSelections,
  verifiedPieces,
} from './webtorrent.internals.js';
import type { WtClient, WtTorrent } from './webtorrent.types.js';
import { connectTo, connectedPair, loopbackClient, once, seedContent, until, type LoopbackPair } from './testing/loopback-swarm.js';

const PIECE = 16 * 1024;

/**
 * The contract of webtorrent.internals.ts against the installed webtorrent, on a real
 * two-client swarm on 127.0.0.1. When a webtorrent upgrade moves a private field, this
 * fails by name, instead of the stream speed-ups quietly turning into no-ops.
 */
describe('webtorrent private internals (contract)', () => {
  let pair: LoopbackPair | undefined;
  let torrent: WtTorrent;

  beforeAll(async () => {
    // slow uploads keep the leecher's block requests outstanding long enough to look at
    pair = await connectedPair('wt-internals', randomBytes(64 * PIECE), PIECE, PIECE);
    torrent = pair.torrent;
  });
  afterAll(() => pair?.close());

  it('runs against the exact webtorrent version package.json pins', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const installed = JSON.parse(await readFile('node_modules/webtorrent/package.json', 'utf8')) as { version: string };
    expect(pkg.dependencies.webtorrent).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed.version).toBe(pkg.dependencies.webtorrent);
  });

  it('fails a torrent through torrent._destroy(err): an error event, then destroyed', async () => {
    const errored = once<Error>(torrent, 'error');
    failTorrent(torrent, new Error('disk gone'));
    expect((await errored).message).toBe('disk gone');
    await until(() => torrent.destroyed, 'the torrent to be destroyed');
  });
});

/** The accessors read-ahead windows and piece eviction need, on a torrent seeded from memory (no network). */
describe('webtorrent private internals: windows and eviction (contract)', () => {
  let dir: string;
  let client: WtClient;
  let torrent: WtTorrent;
  const data = randomBytes(8 * PIECE);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wt-internals-seed-'));
    client = loopbackClient();
    torrent = await new Promise<WtTorrent>((resolve) => {
      (client as unknown as { seed(buf: Buffer, opts: object, cb: (t: WtTorrent) => void): void }).seed(
        Object.assign(data, { name: 'data.bin' }),
        { path: dir, pieceLength: PIECE, announce: [] },
        resolve,
      );
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => client.destroy(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the bitfield: every piece of a seed is verified', () => {
    expect(torrent.pieces.length).toBe(8);
    expect(hasPiece(torrent, 3)).toBe(true);
    expect(verifiedPieces(torrent)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads a slice of a piece from torrent.store', async () => {
    const slice = await readPiece(torrent, 2, 100, 50);
    expect(Buffer.from(slice).equals(data.subarray(2 * PIECE + 100, 2 * PIECE + 150))).toBe(true);
  });

  it('adds and removes exactly one stream selection through _selections, leaving an identical one alone', () => {
    expect(streamSelectionCount(torrent)).toBe(0);
    const first = addSelection(torrent, 1, 2, 1);
    const second = addSelection(torrent, 1, 2, 1);
    expect(streamSelectionCount(torrent)).toBe(2);
    removeSelection(torrent, first);
    expect(streamSelectionCount(torrent)).toBe(1);
    removeSelection(torrent, first);
    expect(streamSelectionCount(torrent)).toBe(1);
    removeSelection(torrent, second);
    expect(streamSelectionCount(torrent)).toBe(0);
  });

  it('forgets a piece with _markUnverified: out of the bitfield, the torrent no longer done, a fresh piece to fill', () => {
    forgetPiece(torrent, 5);
    expect(hasPiece(torrent, 5)).toBe(false);
    expect(verifiedPieces(torrent)).not.toContain(5);
    expect((torrent as unknown as { done: boolean }).done).toBe(false);
    expect(torrent.pieces[5]).toBeTruthy();
  });
});

/**
 * How webtorrent fills a wire's request queue, which capRequestQueue and
 * requestFirstFromNewPeers steer: it reads the peer's `reqq` from `wire.peerExtendedHandshake`
 * each time it fills the queue, and a wire that has delivered nothing yet gets one request,
 * for the last piece of the selection ranked last.
 */
describe('webtorrent request queue (contract)', () => {
  let dir: string;
  let seeder: WtClient;
  let torrentFile: Uint8Array;
  const leechers: WtClient[] = [];
  const PIECES = 8;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wt-internals-queue-'));
    seeder = loopbackClient();
    // slow enough that requests stay outstanding, and the queue is there to look at
    seeder.throttleUpload(4 * PIECE);
    torrentFile = await seedContent(seeder, randomBytes(PIECES * PIECE), 'queue.bin', PIECE, dir);
  });
  afterAll(async () => {
    await Promise.all([...leechers, seeder].map((client) => new Promise((resolve) => client?.destroy(resolve))));
    await rm(dir, { recursive: true, force: true });
  });

  /** A leecher of the seeded torrent, nothing selected, not yet connected. */
  async function leecher(name: string): Promise<WtTorrent> {
    const client = loopbackClient();
    leechers.push(client);
    const torrent = client.add(torrentFile, { path: join(dir, name), deselect: true });
    await once(torrent, 'ready');
    return torrent;
  }

  const connect = (torrent: WtTorrent) => connectTo(torrent, seeder);

  /** The piece of every block request the seeder receives, in order. */
  function seederRequests(): number[] {
    const seen: number[] = [];
    const seeded = seeder.torrents[0] as unknown as { on(event: 'wire', fn: (wire: NodeJS.EventEmitter) => void): void };
    seeded.on('wire', (wire) => wire.on('request', (index: number) => seen.push(index)));
    return seen;
  }

  it('keeps no more block requests outstanding than capRequestQueue answers', async () => {
    const torrent = await leecher('capped');
    let most = 0;
    const wires: { requests: unknown[] }[] = [];
    (torrent as unknown as NodeJS.EventEmitter).on('wire', (wire: { requests: unknown[] }) => {
      capRequestQueue(wire, () => 1);
      wires.push(wire);
    });
    const sampler = setInterval(() => (most = Math.max(most, ...wires.map((wire) => wire.requests.length))), 2);
    torrent.select(0, PIECES - 1, 1);
    connect(torrent);
    await until(() => torrent.progress === 1, 'the capped download', 20_000).finally(() => clearInterval(sampler));
    // webtorrent alone keeps two blocks requested at the least
    expect(most).toBe(1);
  });

  it('tells capRequestQueue the shortest block round trip, once a block has arrived', async () => {
    const torrent = await leecher('round-trip');
    const asked: (number | undefined)[] = [];
    (torrent as unknown as NodeJS.EventEmitter).on('wire', (wire: unknown) =>
      capRequestQueue(wire, (_speed, _reqq, timing) => {
        asked.push(timing.minRoundTripSeconds);
        return 2;
      }),
    );
    torrent.select(0, PIECES - 1, 1);
    const started = performance.now();
    connect(torrent);
    await until(() => asked.some((seconds) => seconds !== undefined), 'a round trip');
    const elapsed = (performance.now() - started) / 1000;
    expect(asked[0]).toBeUndefined();
    const shortest = asked.find((seconds) => seconds !== undefined)!;
    // a real round trip: some time, and no longer than the wait for it
    expect(shortest).toBeGreaterThan(0);
    expect(shortest).toBeLessThan(elapsed);
  });

  /**
   * webtorrent's shufflePriority: once a wire's queue fills on a selection that has a
   * priority, that selection is swapped with the last one that has any. With a queue of one
   * block: the first request is for the last piece of the last selection (3), the second
   * fills the queue on the first selection (6, priority 4), which then goes behind priority 1.
   */
  async function prioritiesAfterTwoRequests(name: string, inOrder: boolean): Promise<{ requested: number[]; priorities: number[] }> {
    const torrent = await leecher(name);
    if (inOrder) servePrioritiesInOrder(torrent);
    const requested = seederRequests();
    (torrent as unknown as NodeJS.EventEmitter).on('wire', (wire: unknown) => capRequestQueue(wire, () => 1));
    addSelection(torrent, 0, 3, 1);
    addSelection(torrent, 6, 6, 4);
    expect(streamSelections(torrent).map((item) => item.priority)).toEqual([4, 1]);
    connect(torrent);
    await until(() => requested.length >= 2, 'two requests');
    return { requested: requested.slice(0, 2), priorities: streamSelections(torrent).map((item) => item.priority) };
  }

  it('serves a lower priority before a higher one once a queue filled on it (stock webtorrent)', async () => {
    expect(await prioritiesAfterTwoRequests('shuffled', false)).toEqual({ requested: [3, 6], priorities: [1, 4] });
  });

  it('keeps selections by priority with servePrioritiesInOrder', async () => {
    expect(await prioritiesAfterTwoRequests('in-order', true)).toEqual({ requested: [3, 6], priorities: [4, 1] });
  });

  it('asks a new peer first for the piece requestFirstFromNewPeers names, not the last of the last selection', async () => {
    const torrent = await leecher('first');
    const requested = seederRequests();
    torrent.select(0, 1, 0);
    torrent.select(PIECES - 2, PIECES - 1, 0);
    requestFirstFromNewPeers(torrent, 0, 0);
    connect(torrent);
    await until(() => requested.length > 0, 'the first request');
    expect(requested[0]).toBe(0);
  });

  it('asks a new peer first for the last piece of the selection ranked last, without it', async () => {
    const torrent = await leecher('stock');
    const requested = seederRequests();
    torrent.select(0, 1, 0);
    torrent.select(PIECES - 2, PIECES - 1, 0);
    connect(torrent);
    await until(() => requested.length > 0, 'the first request');
    expect(requested[0]).toBe(PIECES - 1);
  });
});

/**
 * Why readers never cancel the block requests they leave behind (file-range.reader.ts):
 * bittorrent-protocol, which webtorrent peers (and this server as a seeder) run, matches a
 * pending upload by (piece, offset, length) when its read completes. A cancel followed by
 * a request for the same block, before the first read is done, leaves the second request
 * unanswered, and webtorrent gives up on the wire only after its 30 s piece timeout. Should
 * an upgrade fix this, the first test fails: cancelling what a closed reader left in flight
 * becomes safe again. Our own wires answer such requests (answerRequestsAskedAgain), so peers
 * downloading from this server never wait for them.
 */
/** The part of bittorrent-protocol's Wire used here (its published types lag behind the code). */
interface PeerWire extends NodeJS.EventEmitter {
  pipe(to: PeerWire): PeerWire;
  handshake(infoHash: string, peerId: string): void;
  unchoke(): void;
  request(index: number, offset: number, length: number, cb: (err: Error | null) => void): void;
  cancel(index: number, offset: number, length: number): void;
  requests: unknown[];
  destroy(): void;
}

describe('bittorrent-protocol (webtorrent peers), a block cancelled and asked for again', () => {
  const newWire = () => new (Wire as unknown as new () => PeerWire)();

  /** Request, cancel, request again the same block; the answers the downloader got within 500 ms. `readsMs`: how long each read takes, in order. */
  async function cancelAndAskAgain(patchSeeder: boolean, readsMs: number[] = [50, 50]): Promise<{ answers: string[]; pending: number }> {
    const downloader = newWire();
    const seeder = newWire();
    if (patchSeeder) answerRequestsAskedAgain(seeder);
    downloader.pipe(seeder).pipe(downloader);
    const infoHash = 'a'.repeat(40);
    seeder.on('handshake', () => {
      seeder.handshake(infoHash, 'b'.repeat(40));
      seeder.unchoke();
    });
    // a store read that takes a moment, as a disk read does
    let reads = 0;
    seeder.on('request', (_index: number, _offset: number, length: number, respond: (err: Error | null, buf: Uint8Array) => void) =>
      setTimeout(() => respond(null, new Uint8Array(length)), readsMs[reads++] ?? 50),
    );
    const unchoked = once<void>(downloader, 'unchoke');
    downloader.handshake(infoHash, 'c'.repeat(40));
    await unchoked;
    const answers: string[] = [];
    downloader.request(0, 0, PIECE, (err: Error | null) => answers.push(`first: ${err ? err.message : 'data'}`));
    downloader.cancel(0, 0, PIECE);
    downloader.request(0, 0, PIECE, (err: Error | null) => answers.push(`second: ${err ? err.message : 'data'}`));
    // an answer would come within the 50 ms read
    await new Promise((resolve) => setTimeout(resolve, 500));
    // read before destroy(), which fails whatever is still pending
    const seen = { answers: [...answers], pending: downloader.requests.length };
    downloader.destroy();
    seeder.destroy();
    return seen;
  }

  it('is never answered by a stock wire', async () => {
    expect(await cancelAndAskAgain(false)).toEqual({ answers: ['first: request was cancelled'], pending: 1 });
  });

  it('is answered by our wires (answerRequestsAskedAgain)', async () => {
    expect(await cancelAndAskAgain(true)).toEqual({ answers: ['first: request was cancelled', 'second: data'], pending: 0 });
  });

  it('is answered by our wires when the second read completes before the first, too', async () => {
    // (a stock wire answers this order; a fix that kept the cancelled entry queued did not)
    expect(await cancelAndAskAgain(true, [120, 10])).toEqual({ answers: ['first: request was cancelled', 'second: data'], pending: 0 });
  });
});
