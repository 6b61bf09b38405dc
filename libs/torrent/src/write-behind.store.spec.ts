import { tmpdir } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { isLent, releaseChunk } from './chunk-lease.js';
import { WriteBehindBudget, writeBehindStore, type ChunkStoreClass, type GetOptions } from './write-behind.store.js';

type Callback = (err?: Error | null) => void;

/** An inner store whose writes land only when the spec says so; it records every call. */
class FakeInner {
  static last: FakeInner;
  readonly log: string[] = [];
  readonly writes: { index: number; land: (err?: Error) => void }[] = [];
  readonly data = new Map<number, Uint8Array>();

  constructor() {
    FakeInner.last = this;
  }

  put(index: number, buf: Uint8Array, cb: Callback): void {
    this.log.push(`put ${index}`);
    this.writes.push({
      index,
      land: (err) => {
        // a copy, as a disk keeps: the store frees the piece buffer once written
        if (!err) this.data.set(index, buf.slice());
        this.log.push(err ? `failed ${index}` : `landed ${index}`);
        cb(err ?? null);
      },
    });
  }

  /** Holes being punched, finished when the spec says so. */
  readonly punches: (() => void)[] = [];

  evict(indices: number[]): Promise<void> {
    this.log.push(`evict ${indices.join(',')}`);
    return new Promise((resolve) => this.punches.push(resolve));
  }

  get(index: number, _opts: unknown, cb: (err: Error | null, buf?: Uint8Array) => void): void {
    this.log.push(`get ${index}`);
    const buf = this.data.get(index);
    queueMicrotask(() => (buf ? cb(null, buf) : cb(new Error(`no piece ${index}`))));
  }

  close(cb?: Callback): void {
    this.log.push('close');
    cb?.(null);
  }

  destroy(cb?: Callback): void {
    this.log.push('destroy');
    cb?.(null);
  }
}

const piece = (byte: number, length = 4) => new Uint8Array(length).fill(byte);
const tick = () => new Promise((resolve) => setImmediate(resolve));
const put = (store: InstanceType<ChunkStoreClass>, index: number, buf: Uint8Array) => {
  let acked = false;
  store.put(index, buf, () => (acked = true));
  return () => acked;
};
const get = (store: InstanceType<ChunkStoreClass>, index: number, opts: GetOptions | null = null) =>
  new Promise<Uint8Array | undefined>((resolve, reject) => store.get(index, opts, (err, buf) => (err ? reject(err) : resolve(buf))));

function open(limit: number, opts: Record<string, unknown> = {}) {
  const Store = writeBehindStore(FakeInner, new WriteBehindBudget(limit));
  const store = new Store(4, { path: tmpdir(), ...opts });
  return { store, inner: FakeInner.last };
}

describe('writeBehindStore', () => {
  it('acknowledges a put at once, passes writes on in order, and serves a pending piece from memory', async () => {
    const { store, inner } = open(1024);
    const acked = [put(store, 0, piece(1)), put(store, 1, piece(2))];
    await tick();
    expect(acked.map((isAcked) => isAcked())).toEqual([true, true]);
    expect(inner.log).toEqual(['put 0', 'put 1']);
    expect([...(await get(store, 1, { offset: 1, length: 2 }))!]).toEqual([2, 2]);
    expect(inner.log).not.toContain('get 1');
    inner.writes[0].land();
    expect(await get(store, 0)).toEqual(piece(1));
    expect(inner.log).toContain('get 0');
  });

  it('past the backlog limit (all torrents together) acknowledges only as writes land', async () => {
    const budget = new WriteBehindBudget(4);
    const Store = writeBehindStore(FakeInner, budget);
    const a = new Store(4, { path: tmpdir() });
    const innerA = FakeInner.last;
    const b = new Store(4, { path: tmpdir() });
    const first = put(a, 0, piece(1));
    const second = put(b, 0, piece(2));
    await tick();
    expect(first()).toBe(true); // 4 bytes in flight: at the limit, not past it
    expect(second()).toBe(false);
    innerA.writes[0].land();
    await tick();
    expect(second()).toBe(true);
  });

  it('fails the torrent through webtorrent when a write fails after it was acknowledged', async () => {
    const torrent = { destroyed: false, _destroy: vi.fn() };
    const { store, inner } = open(1024, { torrent });
    const acked = put(store, 3, piece(3));
    await tick();
    expect(acked()).toBe(true);
    inner.writes[0].land(new Error('ENOSPC'));
    expect(torrent._destroy).toHaveBeenCalledWith(new Error('ENOSPC'));
    await expect(get(store, 3)).rejects.toThrow('no piece 3');
  });

  it('closes and destroys only after pending writes landed', async () => {
    const { store, inner } = open(1024);
    put(store, 0, piece(1));
    let closed = false;
    store.close(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    inner.writes[0].land();
    expect(closed).toBe(true);
    expect(inner.log).toEqual(['put 0', 'landed 0', 'close']);
  });

  describe('frees a piece buffer as soon as nothing uses it', () => {
    const freed = (buf: Uint8Array) => buf.buffer.byteLength === 0;

    it('once written and acknowledged, when no reader holds it', async () => {
      const { store, inner } = open(1024);
      const buf = piece(5, 8);
      put(store, 0, buf);
      await tick();
      expect(freed(buf)).toBe(false);
      inner.writes[0].land();
      expect(freed(buf)).toBe(true);
      expect(await get(store, 0)).toEqual(piece(5, 8));
    });

    it('not before webtorrent was told the put is done (it may still read its own copy)', async () => {
      const budget = new WriteBehindBudget(0);
      budget.add(1); // another torrent's backlog: acknowledgements wait for it
      const Store = writeBehindStore(FakeInner, budget);
      const store = new Store(8, { path: tmpdir() });
      const buf = piece(6, 8);
      const acked = put(store, 0, buf);
      FakeInner.last.writes[0].land();
      await tick();
      expect([acked(), freed(buf)]).toEqual([false, false]);
      budget.release(1);
      await tick();
      expect([acked(), freed(buf)]).toEqual([true, true]);
    });

    it('lends a reader a view without a copy, and frees the piece once it is given back', async () => {
      const { store, inner } = open(1024);
      const buf = piece(7, 8);
      put(store, 0, buf);
      await tick();
      const lent = (await get(store, 0, { offset: 2, length: 4, lend: true }))!;
      expect(Buffer.isBuffer(lent) && isLent(lent) && lent.buffer === buf.buffer).toBe(true);
      expect(lent).toEqual(Buffer.from(piece(7, 4)));
      inner.writes[0].land();
      expect(freed(buf)).toBe(false);
      releaseChunk(lent);
      expect(freed(buf)).toBe(true);
      releaseChunk(lent); // given back twice: nothing more happens
    });

    it('gives everyone else a copy, which outlives the piece buffer', async () => {
      const { store, inner } = open(1024);
      const buf = Buffer.alloc(8, 8); // a Buffer, as webtorrent's pieces are: its slice() is a view
      put(store, 0, buf);
      await tick();
      const copy = (await get(store, 0, { offset: 0, length: 8 }))!;
      expect(copy.buffer).not.toBe(buf.buffer);
      inner.writes[0].land();
      expect([freed(buf), [...copy]]).toEqual([true, [...piece(8, 8)]]);
    });

    it('a piece put again while its old hole is punched is written after it, and still freed only once given back', async () => {
      const { store, inner } = open(1024);
      put(store, 0, piece(1, 8));
      inner.writes[0].land();
      const evicted = store.evict!([0]);
      const buf = piece(2, 8);
      put(store, 0, buf);
      await tick();
      expect(inner.log).toEqual(['put 0', 'landed 0', 'evict 0']);
      const lent = (await get(store, 0, { lend: true }))!;
      inner.punches[0]();
      await evicted;
      await tick();
      expect(inner.log.at(-1)).toBe('put 0');
      inner.writes[1].land();
      await tick();
      expect([freed(buf), [...lent]]).toEqual([false, [...piece(2, 8)]]);
      releaseChunk(lent);
      expect(freed(buf)).toBe(true);
    });

    it('lends a read from disk too, and frees it once given back', async () => {
      const { store, inner } = open(1024);
      put(store, 0, piece(9, 8));
      inner.writes[0].land();
      const lent = (await get(store, 0, { lend: true }))!;
      const fromDisk = inner.data.get(0)!;
      expect(isLent(lent) && lent.buffer === fromDisk.buffer).toBe(true);
      releaseChunk(lent);
      expect(freed(fromDisk)).toBe(true);
    });
  });

  it('in a directory that did not exist, refuses reads of pieces never written without touching the disk', async () => {
    const { store, inner } = open(1024, { path: '/does/not/exist/yet' });
    await expect(get(store, 7)).rejects.toThrow('piece 7 is not in the store');
    expect(inner.log).toEqual([]);
  });
});
