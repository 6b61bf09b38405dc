import FSChunkStore from 'fs-chunk-store';

/** Resolves when `bytes` more may be written for the torrent; rejects to give up the write. */
export type WriteGate = (infoHash: string, bytes: number) => Promise<void>;

type Callback = (err?: Error | null) => void;

/**
 * webtorrent's file store with a gate in front of every piece write, so the disk budget
 * is checked (and room made) before a verified piece lands on disk. While a write
 * waits, the write-behind layer above (write-behind.store.ts) holds the piece in memory
 * and serves reads of it, up to its backlog cap.
 */
export function gatedChunkStore(gate: WriteGate) {
  return class GatedChunkStore {
    readonly chunkLength: number;
    private readonly inner: FSChunkStore;
    private readonly infoHash: string;

    constructor(chunkLength: number, opts: Record<string, unknown> & { torrent: { infoHash: string } }) {
      this.chunkLength = chunkLength;
      this.inner = new FSChunkStore(chunkLength, opts);
      this.infoHash = opts.torrent.infoHash;
    }

    put(index: number, buf: Uint8Array, cb: Callback = () => {}): void {
      gate(this.infoHash, buf.length).then(
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
