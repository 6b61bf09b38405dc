import FSChunkStore from 'fs-chunk-store';
import type { DiskGate } from './disk.gate.js';
import type { ChunkStoreClass } from './write-behind.store.js';

type Callback = (err?: Error | null) => void;

/**
 * webtorrent's file store with a gate in front of every piece write, so the disk budget
 * is checked (and room made) before a verified piece lands on disk. While a write
 * waits, the write-behind layer above (write-behind.store.ts) holds the piece in memory
 * and serves reads of it, up to its backlog cap.
 */
export function gatedChunkStore(gate: DiskGate): ChunkStoreClass {
  return class GatedChunkStore {
    readonly chunkLength: number;
    private readonly inner: FSChunkStore;
    private readonly infoHash: string;

    constructor(chunkLength: number, opts: Record<string, unknown>) {
      this.chunkLength = chunkLength;
      this.inner = new FSChunkStore(chunkLength, opts);
      this.infoHash = (opts.torrent as { infoHash: string }).infoHash;
    }

    put(index: number, buf: Uint8Array, cb: Callback = () => {}): void {
      gate.admitWrite(this.infoHash, buf.length).then(
        () => this.inner.put(index, buf, cb),
        (err: Error) => cb(err),
      );
    }

    get(index: number, opts: unknown, cb: (err: Error | null, buf?: Uint8Array) => void): void {
      this.inner.get(index, opts, cb);
    }

    close(cb?: Callback): void {
      this.inner.close(cb);
    }

    destroy(cb?: Callback): void {
      this.inner.destroy(cb);
    }
  };
}
