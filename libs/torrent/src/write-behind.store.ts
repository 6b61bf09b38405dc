import { existsSync } from 'node:fs';
import { freeNow, lendChunk } from './chunk-lease.js';
import { failTorrent, type TorrentInternals } from './webtorrent.internals.js';

type Callback = (err?: Error | null) => void;
type GetCallback = (err: Error | null, buf?: Uint8Array) => void;

/**
 * `get` options. `lend`: the caller gives the bytes back with releaseChunk (chunk-lease.ts)
 * once it is done with them, so they come without a copy and are freed right after.
 */
export interface GetOptions {
  offset?: number;
  length?: number;
  lend?: boolean;
}

/** A verified piece on its way to disk. */
interface PendingPiece {
  readonly buf: Uint8Array;
  /** Views of `buf` lent to readers and not given back yet. */
  lent: number;
  /** webtorrent was told the put is done (it dropped its own references). */
  acknowledged: boolean;
  written: boolean;
}

interface ChunkStore {
  put(index: number, buf: Uint8Array, cb: Callback): void;
  /** With `opts.lend`, the buffer passed back must be the caller's own: it is freed once given back. */
  get(index: number, opts: GetOptions | null, cb: GetCallback): void;
  close(cb?: Callback): void;
  destroy(cb?: Callback): void;
  /** Frees the disk space of pieces. */
  evict?(indices: number[]): Promise<void>;
  /** Fails writes that have not started yet (the store is closing). */
  abortWaiting?(): void;
}

export type ChunkStoreClass = new (chunkLength: number, opts: Record<string, unknown>) => ChunkStore;

/** What the piece evictor needs from a torrent's store. */
export interface PieceStore {
  /** A verified piece still waiting for its disk write: evicting it would free nothing. */
  isPending(index: number): boolean;
  /**
   * Drops pieces from disk. Reads of them fail from now on (never zeros) until they are
   * put again; a put that arrives meanwhile waits for the hole to be punched first.
   * Pieces still pending are skipped (they are not on disk).
   */
  evict(indices: number[]): Promise<void>;
}

/** Told about the store webtorrent creates for a torrent (once its metadata is in). */
export type StoreCreated = (store: PieceStore) => void;

/** Bytes accepted but not yet on disk, shared by every torrent's store. */
export class WriteBehindBudget {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  add(bytes: number): void {
    this.inFlight += bytes;
  }

  release(bytes: number): void {
    this.inFlight -= bytes;
    while (this.waiting.length > 0 && this.inFlight <= this.limit) this.waiting.shift()!();
  }

  /** Runs `fn` now (on a microtask) if the backlog is within the limit, else once it is. */
  whenRoom(fn: () => void): void {
    if (this.inFlight <= this.limit) queueMicrotask(fn);
    else this.waiting.push(fn);
  }
}

/**
 * The store webtorrent gets: `Inner` (the disk-budget gate in front of fs-chunk-store)
 * behind a write-behind layer. Measured with `npm run bench`, this halves the time to the
 * first byte and to a cold seek, because of two things webtorrent does:
 *
 * - It emits 'verified' (which is what a reader waits for) only after `put` calls back,
 *   i.e. after the disk-budget check and the write. A write on a busy disk took 20–70 ms
 *   per piece on the bench machine, and a stream's first byte waited for it. Here `put`
 *   calls back at once, keeps the piece in memory until it is on disk, and serves reads of
 *   it from memory meanwhile (the reader asks for it right away, so it is not read back).
 *   The backlog is bounded for all torrents together (WRITE_BEHIND_BYTES); past it `put`
 *   calls back only as writes land, which is the old behaviour, e.g. while the disk budget
 *   holds writes back. A write that fails after the call-back fails the torrent, as a
 *   failed `put` would have (webtorrent destroys a torrent whose store cannot write).
 * - On metadata it reads every piece back to find data from an earlier run. When the
 *   torrent's directory did not exist when its store was created there is none, so reads
 *   of pieces never written fail at once instead of opening files (thousands of pieces
 *   on a big torrent delayed 'ready' by seconds).
 */
export function writeBehindStore(Inner: ChunkStoreClass, budget: WriteBehindBudget, created?: StoreCreated): ChunkStoreClass {
  return class WriteBehindStore implements ChunkStore, PieceStore {
    readonly chunkLength: number;
    private readonly inner: ChunkStore;
    /** What webtorrent passes its store as `opts.torrent`, failed on a bad write. */
    private readonly owner: TorrentInternals | undefined;
    /** Nothing on disk predates this store: only pieces written through it can be read. */
    private readonly startedEmpty: boolean;
    private readonly written = new Set<number>();
    private readonly pending = new Map<number, PendingPiece>();
    private readonly settled: (() => void)[] = [];
    /** Pieces evicted and not put again: their bytes on disk are zeros. */
    private readonly evicted = new Set<number>();
    /** Holes being punched; a put of the same piece waits for its hole. */
    private readonly punching = new Map<number, Promise<unknown>>();

    constructor(chunkLength: number, opts: Record<string, unknown>) {
      this.chunkLength = chunkLength;
      this.inner = new Inner(chunkLength, opts);
      this.owner = opts.torrent as TorrentInternals | undefined;
      this.startedEmpty = typeof opts.path === 'string' && !existsSync(opts.path);
      created?.(this);
    }

    isPending(index: number): boolean {
      return this.pending.has(index);
    }

    async evict(indices: number[]): Promise<void> {
      const dropped = indices.filter((index) => !this.pending.has(index));
      for (const index of dropped) {
        this.written.delete(index);
        this.evicted.add(index);
      }
      const earlier = Promise.all(dropped.map((index) => this.punching.get(index) ?? Promise.resolve()));
      const punched = earlier.then(() => this.inner.evict?.(dropped));
      for (const index of dropped) this.punching.set(index, punched);
      try {
        await punched;
      } finally {
        for (const index of dropped) if (this.punching.get(index) === punched) this.punching.delete(index);
      }
    }

    put(index: number, buf: Uint8Array, cb: Callback = () => {}): void {
      this.write(index, { buf, lent: 0, acknowledged: false, written: false }, cb);
    }

    private write(index: number, entry: PendingPiece, cb: Callback): void {
      const { buf } = entry;
      this.pending.set(index, entry);
      const punched = this.punching.get(index);
      if (punched) {
        // the piece was evicted and came back before its hole was punched: write after it
        void punched.catch(() => undefined).finally(() => this.write(index, entry, cb));
        return;
      }
      this.evicted.delete(index);
      this.written.add(index);
      budget.add(buf.length);
      this.inner.put(index, buf, (err) => {
        if (this.pending.get(index) === entry) this.pending.delete(index);
        budget.release(buf.length);
        entry.written = true;
        this.freeIfUnused(entry);
        if (err) {
          this.written.delete(index);
          this.fail(err);
        }
        if (this.pending.size === 0) this.settled.splice(0).forEach((fn) => fn());
      });
      budget.whenRoom(() => {
        entry.acknowledged = true;
        cb(null);
        this.freeIfUnused(entry);
      });
    }

    /**
     * Bytes of a piece. While it waits for its disk write they come from memory: lent
     * (`opts.lend`) as a view, else copied, because the piece buffer is freed once written
     * and unlent (webtorrent hands what it reads to peer sockets, and never says when they
     * are done with it).
     */
    get(index: number, opts: GetOptions | null | GetCallback, cb?: GetCallback): void {
      if (typeof opts === 'function') return this.get(index, null, opts);
      const done = cb ?? (() => {});
      const entry = this.pending.get(index);
      if (entry) {
        const { buf } = entry;
        const offset = opts?.offset ?? 0;
        const length = opts?.length ?? buf.length - offset;
        if (!opts?.lend) {
          // Buffer.from copies (a Buffer's own slice() would be a view)
          const copy = Buffer.from(buf.subarray(offset, offset + length));
          queueMicrotask(() => done(null, copy));
          return;
        }
        const view = Buffer.from(buf.buffer, buf.byteOffset + offset, length);
        entry.lent += 1;
        lendChunk(view, () => {
          entry.lent -= 1;
          this.freeIfUnused(entry);
        });
        queueMicrotask(() => done(null, view));
        return;
      }
      if (this.evicted.has(index) || (this.startedEmpty && !this.written.has(index))) {
        queueMicrotask(() => done(new Error(`piece ${index} is not in the store`)));
        return;
      }
      if (!opts?.lend) return this.inner.get(index, opts, done);
      this.inner.get(index, opts, (err, read) => {
        if (err || !read) return done(err, read);
        // a read from disk is the reader's own: freed once it is given back
        const view = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
        lendChunk(view, () => freeNow(read));
        done(null, view);
      });
    }

    // Pending writes land (or fail) before the files are closed or deleted under them.
    close(cb?: Callback): void {
      this.inner.abortWaiting?.();
      this.afterWrites(() => this.inner.close(cb));
    }

    destroy(cb?: Callback): void {
      this.inner.abortWaiting?.();
      this.afterWrites(() => this.inner.destroy(cb));
    }

    private afterWrites(fn: () => void): void {
      if (this.pending.size === 0) fn();
      else this.settled.push(fn);
    }

    /** A piece buffer nobody holds any more: on disk, webtorrent done with it, no reader. */
    private freeIfUnused(entry: PendingPiece): void {
      if (entry.written && entry.acknowledged && entry.lent === 0) freeNow(entry.buf);
    }

    private fail(err: Error): void {
      if (this.owner) failTorrent(this.owner, err);
    }
  };
}
