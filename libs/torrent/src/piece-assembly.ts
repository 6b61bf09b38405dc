/**
 * webtorrent's piece assembly (torrent-piece, pinned to an exact version in package.json
 * because this patches its prototype and reads its private fields); piece-assembly.spec.ts
 * pins that shape against the installed version. The webtorrent internals proper are in
 * webtorrent.internals.ts.
 */
import Piece from 'torrent-piece';
import { pieceBuffers } from './buffer-pool.js';

/** A torrent-piece Piece as webtorrent's downloads fill it. */
interface PieceInternals {
  length: number;
  _buffer: (Uint8Array | undefined)[] | null;
  _buffered: number;
  _chunks: number;
  _cancellations: unknown;
  sources: unknown;
  _flushed: boolean;
  /** Ours: the piece's bytes, filled block by block. */
  _assembled?: Buffer;
}

interface PieceMethods {
  set: (this: PieceInternals, i: number, data: Uint8Array, source: unknown) => boolean;
  flush: (this: PieceInternals) => Uint8Array | null;
}

let pieceAssemblyUsers = 0;
let restorePieceAssembly: (() => void) | undefined;

/**
 * Copies each block into its piece's own buffer as it arrives, where torrent-piece keeps
 * the block (a view into the wire's receive buffer) until the last one and then
 * concatenates. Those receive buffers (a socket read plus what was left of the previous
 * one) were held by a block or two each until their piece completed, a quarter of a second
 * behind a full request queue, long enough to reach the old generation: tens of MB of dead
 * buffers waiting for a full GC while streaming (bench measure 5). Now they die young, and
 * `flush` hands over the filled buffer (from the piece buffer pool, freed back to it once
 * written and sent) without another copy, and without zeroing a new one.
 *
 * Patches torrent-piece's prototype, for every webtorrent in the process, until the last
 * caller restores it. If the Piece shape moved, does nothing.
 */
export function assemblePiecesInPlace(): () => void {
  const proto = Piece.prototype as unknown as PieceMethods & { init?: unknown };
  const blockLength = (Piece as unknown as { BLOCK_LENGTH?: number }).BLOCK_LENGTH;
  if (typeof proto.set !== 'function' || typeof proto.flush !== 'function' || typeof proto.init !== 'function' || blockLength !== 16384) {
    return () => {};
  }
  if (pieceAssemblyUsers++ === 0) {
    const { set, flush } = proto;
    proto.set = function (i, data, source) {
      const complete = set.call(this, i, data, source);
      const blocks = this._buffer;
      if (!Array.isArray(blocks)) return complete;
      const assembled = (this._assembled ??= pieceBuffers.take(this.length));
      const last = Math.min(blocks.length, i + Math.ceil(data.length / blockLength)) - 1;
      for (let k = i; k <= last; k++) {
        const block = blocks[k];
        if (!block || block.buffer === assembled.buffer) continue;
        assembled.set(block, k * blockLength);
        blocks[k] = assembled.subarray(k * blockLength, k * blockLength + block.length);
      }
      return complete;
    };
    proto.flush = function () {
      const assembled = this._assembled;
      const blocks = this._buffer;
      if (!assembled || !blocks || this._buffered !== this._chunks || !blocks.every((b) => b?.buffer === assembled.buffer)) return flush.call(this);
      // what torrent-piece's flush does, without its concat
      this._assembled = undefined;
      this._buffer = null;
      this._cancellations = null;
      this.sources = null;
      this._flushed = true;
      return assembled;
    };
    restorePieceAssembly = () => Object.assign(proto, { set, flush });
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (--pieceAssemblyUsers === 0) restorePieceAssembly?.();
  };
}
