import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Piece from 'torrent-piece';
import WebTorrentModule from 'webtorrent';
import { describe, expect, it } from 'vitest';
import { assemblePiecesInPlace } from './piece-assembly.js';
import { forgetPiece } from './webtorrent.internals.js';
import type { WtClientConstructor, WtTorrent } from './webtorrent.types.js';

const WebTorrent = WebTorrentModule as WtClientConstructor;
const LOOPBACK_ONLY = { dht: false, lsd: false, natUpnp: false, natPmp: false, utPex: false, utp: false, webSeeds: false, tracker: false, torrentPort: 0 };
const PIECE = 16 * 1024;

/** torrent-piece as webtorrent fills it, with and without assemblePiecesInPlace. */
describe('torrent-piece assembly (contract)', () => {
  type Filled = { set(i: number, data: Uint8Array, source: unknown): boolean; flush(): Uint8Array | null; get(i: number): Uint8Array | undefined };
  const BLOCK = 16 * 1024;
  const LENGTH = 3 * BLOCK + 100;
  // each block arrives as a view into a larger receive buffer, as bittorrent-protocol hands it
  const received = randomBytes(LENGTH + 64);
  const blockAt = (i: number) => received.subarray(32 + i * BLOCK, 32 + Math.min(LENGTH, (i + 1) * BLOCK));
  const fill = () => {
    const piece = new Piece(LENGTH) as unknown as Filled;
    const complete = [3, 0, 2, 1].map((i) => piece.set(i, blockAt(i), 'peer'));
    return { piece, complete };
  };

  it('webtorrent builds its pieces from the torrent-piece this patches', async () => {
    const client = new WebTorrent(LOOPBACK_ONLY);
    const dir = await mkdtemp(join(tmpdir(), 'wt-piece-'));
    try {
      const seeded = await new Promise<WtTorrent>((resolve) => {
        (client as unknown as { seed(buf: Buffer, opts: object, cb: (t: WtTorrent) => void): void }).seed(
          Object.assign(randomBytes(2 * PIECE), { name: 'piece.bin' }),
          { path: dir, pieceLength: PIECE, announce: [] },
          resolve,
        );
      });
      forgetPiece(seeded, 1);
      expect(seeded.pieces[1]).toBeInstanceOf(Piece);
    } finally {
      await new Promise((resolve) => client.destroy(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('without the patch, keeps each block as a view of its receive buffer and concatenates at flush', () => {
    const { piece, complete } = fill();
    expect(complete).toEqual([false, false, false, true]);
    expect(piece.get(1)!.buffer).toBe(received.buffer);
    const flushed = piece.flush()!;
    expect(Buffer.from(flushed).equals(received.subarray(32, 32 + LENGTH))).toBe(true);
  });

  it('with it, copies each block into one buffer as it arrives and flushes that buffer', () => {
    const restore = assemblePiecesInPlace();
    try {
      const { piece, complete } = fill();
      expect(complete).toEqual([false, false, false, true]);
      const blocks = [0, 1, 2, 3].map((i) => piece.get(i)!);
      expect(blocks.some((block) => block.buffer === received.buffer)).toBe(false);
      expect(new Set(blocks.map((block) => block.buffer)).size).toBe(1);
      const flushed = piece.flush()!;
      expect(flushed.buffer).toBe(blocks[0].buffer);
      expect([flushed.byteOffset, flushed.length]).toEqual([0, LENGTH]);
      expect(Buffer.from(flushed).equals(received.subarray(32, 32 + LENGTH))).toBe(true);
      // flushed once, as torrent-piece's own flush leaves it
      expect([piece.flush(), piece.set(0, blockAt(0), 'peer')]).toEqual([null, false]);
    } finally {
      restore();
    }
    expect(fill().piece.get(0)!.buffer).toBe(received.buffer);
  });
});
