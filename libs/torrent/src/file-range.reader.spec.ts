import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_PIECE_PRIORITY, URGENT_PRIORITY, WINDOW_PRIORITY, readFileRange } from './file-range.reader.js';
import { connectedPair, type LoopbackPair } from './testing/loopback-swarm.js';
import { streamSelections } from './webtorrent.internals.js';
import type { WtTorrent } from './webtorrent.types.js';

const PIECE = 16 * 1024;
const PIECES = 8;

/**
 * Which selections a reader holds while it waits, on a real loopback swarm whose seeder sends
 * two pieces a second: its first piece alone above everything, a later one with the next.
 */
describe('readFileRange priorities (real swarm)', () => {
  const content = randomBytes(PIECES * PIECE);
  let pair: LoopbackPair | undefined;
  let torrent: WtTorrent;

  beforeAll(async () => {
    pair = await connectedPair('file-range-reader', content, PIECE, 2 * PIECE);
    torrent = pair.torrent;
  });
  afterAll(() => pair?.close());

  it('waits for its first piece alone at FIRST_PIECE_PRIORITY, for a later one and the next at URGENT_PRIORITY', async () => {
    const start = 4 * PIECE + 10;
    const end = PIECES * PIECE - 1;
    const { stream } = readFileRange(torrent, torrent.files[0], 0, start, end, { windowPieces: () => 2 });
    const seen: { from: number; to: number; priority: number }[][] = [];
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const sampler = setInterval(() => seen.push(streamSelections(torrent)), 1);
    await new Promise((resolve, reject) => stream.once('end', resolve).once('error', reject)).finally(() => clearInterval(sampler));

    expect(Buffer.concat(chunks).equals(content.subarray(start, end + 1))).toBe(true);
    expect(seen).toContainEqual([
      { from: 4, to: 5, priority: WINDOW_PRIORITY },
      { from: 4, to: 4, priority: FIRST_PIECE_PRIORITY },
    ].sort((a, b) => b.priority - a.priority));
    // later, past its first piece, the reader waits for a piece and the next (the last has none)
    const urgent = seen.flat().filter((item) => item.priority === URGENT_PRIORITY);
    expect(urgent.length).toBeGreaterThan(0);
    for (const item of urgent) expect(item).toEqual({ from: item.from, to: Math.min(item.from + 1, PIECES - 1), priority: URGENT_PRIORITY });
    expect(urgent.every((item) => item.from > 4)).toBe(true);
    expect(seen.flat().filter((item) => item.priority === FIRST_PIECE_PRIORITY && item.from !== 4)).toEqual([]);
    expect(streamSelections(torrent)).toEqual([]);
  });
});
