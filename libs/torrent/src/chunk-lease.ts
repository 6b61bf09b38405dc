import { pieceBuffers, type TransferableBuffer } from './buffer-pool.js';

/**
 * Piece bytes lent to a reader without a copy, and given back once they are sent.
 *
 * Every piece webtorrent verifies is a fresh 1–4 MiB buffer outside the V8 heap. It lives
 * until it is on disk and its reader has sent it, long enough to be promoted to the old
 * generation, so only a full GC frees it, and V8 starts one only after about 64 MB of such
 * memory has piled up. While streaming at 100 MB/s that garbage was most of the process's
 * malloc heap (bench measure 5, peak RSS). A buffer freed as soon as its last user is done
 * never piles up: the store frees a written piece that no reader holds, and a reader's
 * chunk is given back by whoever sends it (the HTTP response, once the socket took it).
 * A chunk nobody gives back is simply left to the GC, as before.
 */
const lent = new WeakMap<Uint8Array, () => void>();

/** Registers `release` to run once `chunk` is given back. */
export function lendChunk(chunk: Uint8Array, release: () => void): void {
  lent.set(chunk, release);
}

export function isLent(chunk: unknown): chunk is Uint8Array {
  return chunk instanceof Uint8Array && lent.has(chunk);
}

/** The caller will not read `chunk` again (nor anything it handed it to). Idempotent. */
export function releaseChunk(chunk: Uint8Array): void {
  const release = lent.get(chunk);
  if (!release) return;
  lent.delete(chunk);
  release();
}

/**
 * Frees `buf`'s memory now instead of at the next full GC: back to the piece buffer pool
 * if it is one of its kind, else by detaching its ArrayBuffer (ES2024 `transfer(0)`: the
 * old backing store is released at once). Only for a buffer whose whole ArrayBuffer the
 * caller owns and nothing else references: every view of it reads as empty afterwards.
 * Returns false, and does nothing, for a view into a larger buffer (a pooled Buffer, say).
 */
export function freeNow(buf: Uint8Array): boolean {
  if (pieceBuffers.give(buf)) return true;
  const backing = buf.buffer as unknown as TransferableBuffer;
  if (buf.byteOffset !== 0 || buf.byteLength !== backing.byteLength || buf.byteLength === 0) return false;
  if (backing.detached || typeof backing.transfer !== 'function' || !(buf.buffer instanceof ArrayBuffer)) return false;
  backing.transfer(0);
  return true;
}
