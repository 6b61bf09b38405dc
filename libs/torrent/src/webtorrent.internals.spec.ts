import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebTorrentModule from 'webtorrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSelection,
  failTorrent,
  forgetPiece,
  hasPiece,
  outstandingRequests,
  readPiece,
  removeSelection,
  selectedPieceSpans,
  streamSelectionCount,
  verifiedPieces,
  type TorrentInternals,
} from './webtorrent.internals.js';
import type { WtClient, WtClientConstructor, WtTorrent } from './webtorrent.types.js';

const WebTorrent = WebTorrentModule as WtClientConstructor;
const LOOPBACK_ONLY = { dht: false, lsd: false, natUpnp: false, natPmp: false, utPex: false, utp: false, webSeeds: false, tracker: false, torrentPort: 0 };
const PIECE = 16 * 1024;

function once<T>(emitter: { once(event: string, fn: (value: T) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve));
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The contract of webtorrent.internals.ts against the installed webtorrent, on a real
 * two-client swarm on 127.0.0.1. When a webtorrent upgrade moves a private field, this
 * fails by name, instead of the stream speed-ups quietly turning into no-ops.
 */
describe('webtorrent private internals (contract)', () => {
  let dir: string;
  let seeder: WtClient;
  let leecher: WtClient;
  let torrent: WtTorrent;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wt-internals-'));
    seeder = new WebTorrent(LOOPBACK_ONLY);
    leecher = new WebTorrent(LOOPBACK_ONLY);
    // slow uploads keep the leecher's block requests outstanding long enough to look at
    seeder.throttleUpload(PIECE);
    const seeded = await new Promise<WtTorrent>((resolve) => {
      (seeder as unknown as { seed(input: Buffer, opts: object, cb: (t: WtTorrent) => void): void }).seed(
        Object.assign(randomBytes(64 * PIECE), { name: 'contract.bin' }),
        { name: 'contract.bin', pieceLength: PIECE, announce: [], path: join(dir, 'seed') },
        resolve,
      );
    });
    await until(() => seeder.address() !== null, 'the seeder to listen');
    torrent = leecher.add((seeded as unknown as { torrentFile: Uint8Array }).torrentFile, { path: join(dir, 'leech'), deselect: true });
    await once(torrent, 'ready');
    (torrent as unknown as { addPeer(addr: string): boolean }).addPeer(`127.0.0.1:${seeder.address()!.port}`);
  });
  afterAll(async () => {
    await Promise.all([leecher, seeder].map((client) => new Promise((resolve) => client?.destroy(resolve))));
    await rm(dir, { recursive: true, force: true });
  });

  it('runs against the exact webtorrent version package.json pins', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const installed = JSON.parse(await readFile('node_modules/webtorrent/package.json', 'utf8')) as { version: string };
    expect(pkg.dependencies.webtorrent).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed.version).toBe(pkg.dependencies.webtorrent);
  });

  it('reads the wanted piece spans from torrent._selections, stream offsets included', () => {
    const internals = torrent as unknown as TorrentInternals;
    expect(selectedPieceSpans(internals)).toEqual([]);
    torrent.select(10, 20, 1);
    expect(selectedPieceSpans(internals)).toEqual([{ from: 10, to: 20 }]);
    const selections = (internals._selections as { get(i: number): { offset: number } }).get(0);
    selections.offset = 3;
    expect(selectedPieceSpans(internals)).toEqual([{ from: 13, to: 20 }]);
    selections.offset = 0;
  });

  it('lists each wire’s outstanding block requests and cancels one through wire.cancel', async () => {
    const internals = torrent as unknown as TorrentInternals;
    await until(() => outstandingRequests(internals).some((wire) => wire.requests.length > 1), 'outstanding block requests');
    const [wire] = outstandingRequests(internals);
    const request = wire.requests[0];
    expect(request).toEqual({ piece: expect.any(Number), offset: expect.any(Number), length: expect.any(Number) });
    expect(request.piece).toBeGreaterThanOrEqual(10);
    const before = wire.requests.length;
    wire.cancel(request);
    const after = outstandingRequests(internals)[0].requests;
    expect(after).toHaveLength(before - 1);
    expect(after).not.toContainEqual(request);
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
    client = new WebTorrent(LOOPBACK_ONLY);
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
