import { tmpdir } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { WriteBehindBudget, writeBehindStore, type ChunkStoreClass } from './write-behind.store.js';

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
        if (!err) this.data.set(index, buf);
        this.log.push(err ? `failed ${index}` : `landed ${index}`);
        cb(err ?? null);
      },
    });
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
const get = (store: InstanceType<ChunkStoreClass>, index: number, opts: { offset?: number; length?: number } | null = null) =>
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
    expect(await get(store, 1, { offset: 1, length: 2 })).toEqual(piece(2, 2));
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

  it('in a directory that did not exist, refuses reads of pieces never written without touching the disk', async () => {
    const { store, inner } = open(1024, { path: '/does/not/exist/yet' });
    await expect(get(store, 7)).rejects.toThrow('piece 7 is not in the store');
    expect(inner.log).toEqual([]);
  });
});
