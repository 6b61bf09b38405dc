import FSChunkStore from 'fs-chunk-store';
import type { DiskGate } from './disk.gate.js';
import { byteRangeFileSpans, mergeSpans, pieceFileSpans, punchHole, type StoredFile } from './piece-holes.util.js';
import { SpanReader } from './span-read.js';
import type { ChunkStoreClass, GetOptions } from './write-behind.store.js';

type Callback = (err?: Error | null) => void;

/**
 * webtorrent's file store with a gate in front of every piece write, so the disk budget
 * is checked (and room made) before a verified piece lands on disk. While a write
 * waits, the write-behind layer above (write-behind.store.ts) holds the piece in memory
 * and serves reads of it, up to its backlog cap. The room the gate gives is held until
 * the write calls back, so a disk walk that runs meanwhile cannot lose the piece.
 *
 * Files stay normal files (sparse while incomplete); `evict` punches a piece out of them,
 * which frees its blocks for real (`du` drops), unlike overwriting or truncating.
 */
export function gatedChunkStore(gate: DiskGate): ChunkStoreClass {
  return class GatedChunkStore {
    readonly chunkLength: number;
    private readonly inner: FSChunkStore & { files?: StoredFile[] };
    private readonly infoHash: string;
    private readonly reader = new SpanReader();
    /** Writes still waiting on the gate; failed at once when the store closes. */
    private readonly waiting = new Set<(err: Error) => void>();
    private closing = false;

    constructor(chunkLength: number, opts: Record<string, unknown>) {
      this.chunkLength = chunkLength;
      this.inner = new FSChunkStore(chunkLength, opts);
      this.infoHash = (opts.torrent as { infoHash: string }).infoHash;
    }

    put(index: number, buf: Uint8Array, cb: Callback = () => {}): void {
      // the gate and abortWaiting race: whichever comes first settles the write
      const fail = (err: Error): void => {
        if (this.waiting.delete(fail)) cb(err);
      };
      this.waiting.add(fail);
      gate.admitWrite(this.infoHash, buf.length).then(
        (hold) => {
          if (this.closing) fail(new Error('store closed'));
          if (!this.waiting.delete(fail)) return hold.cancelled();
          this.inner.put(index, buf, (err) => {
            // a failed write may have landed in part (a piece spans files, written in
            // parallel): counted as written, until a disk walk sees what did land
            hold.written();
            cb(err);
          });
        },
        (err: Error) => fail(err),
      );
    }

    /**
     * Fails the writes still waiting for room. Evicting a torrent to make room for another
     * waits for its pending writes (write-behind), and those may wait on the very room
     * being made: without this the two would wait for each other.
     */
    abortWaiting(): void {
      this.closing = true;
      for (const fail of [...this.waiting]) fail(new Error('store closed'));
    }

    /** A lent read (write-behind.store.ts) gets a buffer of its own, read straight from the files. */
    get(index: number, opts: GetOptions | null, cb: (err: Error | null, buf?: Uint8Array) => void): void {
      const files = this.inner.files;
      if (!opts?.lend || !files) return this.inner.get(index, opts, cb);
      const start = index * this.chunkLength + (opts.offset ?? 0);
      const end = opts.length !== undefined ? start + opts.length : (index + 1) * this.chunkLength;
      this.reader.read(byteRangeFileSpans(files, start, end)).then(
        (buf) => cb(null, buf),
        (err: Error) => cb(err),
      );
    }

    /** Frees the disk blocks of pieces; reads of them return zeros afterwards. */
    async evict(indices: number[]): Promise<void> {
      const files = this.inner.files ?? [];
      const spans = mergeSpans(indices.flatMap((index) => pieceFileSpans(files, this.chunkLength, index)));
      for (const span of spans) await punchHole(span);
    }

    close(cb?: Callback): void {
      void this.reader.close().then(() => this.inner.close(cb));
    }

    destroy(cb?: Callback): void {
      void this.reader.close().then(() => this.inner.destroy(cb));
    }
  };
}
