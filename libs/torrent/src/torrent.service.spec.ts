import { EventEmitter } from 'node:events';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CacheService } from '#cache';
import type { DiskGate } from './disk.gate.js';
import { HeldTorrents } from './held-torrents.js';
import { NextEpisodePrefetcher } from './next-episode.prefetcher.js';
import { DEFAULT_READAHEAD } from './readahead.util.js';
import { TorrentErrorCode } from './torrent.errors.js';
import { TorrentEvents } from './torrent.events.js';
import type { TorrentModuleOptions } from './torrent.options.js';
import { TorrentService } from './torrent.service.js';
import type { WebTorrentEngine } from './webtorrent.engine.js';
import type { WtTorrent } from './webtorrent.types.js';

const HASH = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';
const PIECE = 16;

/** webtorrent's selection list, as far as readers use it (webtorrent.internals.ts). */
function fakeSelections() {
  const items: { from: number; to: number; remove(): void }[] = [];
  return {
    items,
    insert: (item: { from: number; to: number }) => items.push(Object.assign(item, { remove: () => items.splice(items.indexOf(item as never), 1) })),
    sort: () => undefined,
    [Symbol.iterator]: () => [...items][Symbol.iterator](),
  };
}

/**
 * A webtorrent torrent as far as the service looks: one 64-byte movie whose metadata the
 * spec delivers, every piece verified (a window reads straight from the store).
 */
function fakeTorrent() {
  const bytes = Buffer.alloc(64, 7);
  const file = {
    name: 'movie.mp4',
    path: 'movie.mp4',
    length: bytes.length,
    offset: 0,
    downloaded: 0,
    progress: 0,
    async *[Symbol.asyncIterator]({ start = 0, end = bytes.length - 1 } = {}) {
      yield new Uint8Array(bytes.subarray(start, end + 1));
    },
  };
  return Object.assign(new EventEmitter(), {
    infoHash: HASH,
    name: 'movie',
    length: bytes.length,
    pieceLength: PIECE,
    progress: 0,
    numPeers: 0,
    downloadSpeed: 0,
    uploadSpeed: 0,
    received: 0,
    uploaded: 0,
    ready: false,
    destroyed: false,
    files: [file],
    pieces: [null, null, null, null],
    wires: [],
    bitfield: { get: () => true },
    store: { get: (_index: number, opts: { offset: number; length: number }, cb: (err: null, buf: Uint8Array) => void) => cb(null, bytes.subarray(opts.offset, opts.offset + opts.length)) },
    _selections: fakeSelections(),
    _updateSelections: vi.fn(),
    _markUnverified: vi.fn(),
    _checkDone: vi.fn(),
    select: vi.fn(),
    deselect: vi.fn(),
    critical: vi.fn(),
    becomeReady(this: { ready: boolean; emit(event: string): boolean }) {
      this.ready = true;
      this.emit('ready');
    },
  });
}

/** The cache's side, faked: admits everything and counts pins. */
function fakeCache() {
  const pins = new Map<string, number>();
  return {
    pins,
    admit: vi.fn(() => Promise.resolve()),
    touch: vi.fn(() => true),
    remove: vi.fn(() => true),
    ensureDiskRoom: vi.fn(() => Promise.resolve()),
    stats: () => ({ diskBudgetBytes: 0 }),
    acquire: vi.fn((key: string) => {
      pins.set(key, (pins.get(key) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        pins.set(key, pins.get(key)! - 1);
      };
    }),
  };
}

describe('TorrentService (fake engine, fake cache)', () => {
  let torrent: ReturnType<typeof fakeTorrent>;

  afterEach(() => vi.useRealTimers());

  function start(metadataTimeoutMs = 60_000) {
    torrent = fakeTorrent();
    const engine = { add: vi.fn(() => torrent as unknown as WtTorrent), remove: vi.fn(() => Promise.resolve()) };
    const events = { emitAsync: vi.fn(() => Promise.resolve([])) };
    const cache = fakeCache();
    const held = new HeldTorrents(engine as unknown as WebTorrentEngine, events as unknown as EventEmitter2);
    const gate: DiskGate = { admitWrite: () => Promise.resolve({ written() {}, cancelled() {} }), ensureRoom: () => Promise.resolve() };
    const options = { trackers: ['udp://tracker.invalid:1'], metadataTimeoutMs, readahead: DEFAULT_READAHEAD } as TorrentModuleOptions;
    const service = new TorrentService(engine as unknown as WebTorrentEngine, cache as unknown as CacheService, held, gate, new NextEpisodePrefetcher(), options);
    return { service, engine, events, cache };
  }

  it('adds a torrent once for concurrent callers, pinned while they wait for its metadata', async () => {
    const { service, engine, cache } = start();
    const waiting = [service.ensureByHash(HASH), service.ensureByHash(HASH.toUpperCase())];
    await vi.waitFor(() => expect(cache.pins.get(HASH)).toBe(2));
    expect(engine.add).toHaveBeenCalledTimes(1);
    expect(cache.admit).toHaveBeenCalledTimes(1);
    torrent.becomeReady();
    const [info] = await Promise.all(waiting);
    expect(info).toMatchObject({ infoHash: HASH, name: 'movie', ready: true, files: [{ id: 0, name: 'movie.mp4', kind: 'video' }] });
    expect(cache.pins.get(HASH)).toBe(0);
    // the media file's edges were asked for at idle priority
    expect(torrent.select).toHaveBeenCalledWith(0, 3, 0);
  });

  it('times out with MetadataTimeout, unpinned, and keeps the torrent so a retry can succeed', async () => {
    const { service, cache, engine } = start(20);
    await expect(service.ensureByHash(HASH)).rejects.toMatchObject({ code: TorrentErrorCode.MetadataTimeout });
    expect(cache.pins.get(HASH)).toBe(0);
    expect(service.list()).toEqual([expect.objectContaining({ infoHash: HASH, ready: false })]);
    torrent.becomeReady();
    await expect(service.ensureByHash(HASH)).resolves.toMatchObject({ ready: true });
    expect(engine.add).toHaveBeenCalledTimes(1);
  });

  it('pins the torrent while a range stream is open and releases it when the stream closes', async () => {
    const { service, cache } = start();
    const ready = service.ensureByHash(HASH);
    await vi.waitFor(() => expect(service.list()).toHaveLength(1));
    torrent.becomeReady();
    await ready;
    // at add: the media file's first piece, alone and ranked last, is what a new peer is asked for first
    const firstRequest = expect.objectContaining({ from: 0, to: 0, priority: 0, isStreamSelection: true });
    expect(torrent._selections.items).toEqual([firstRequest]);
    const stream = service.openRange(HASH, 0, { start: 10, end: 19 });
    expect(cache.pins.get(HASH)).toBe(1);
    expect(service.activeReaders()).toBe(1);
    // a window of (at least) two pieces from the reader's first piece, cut at the range's last
    expect(torrent._selections.items).toHaveLength(2);
    expect(torrent._selections.items).toEqual(expect.arrayContaining([expect.objectContaining({ from: 0, to: 1, priority: 1, isStreamSelection: true }), firstRequest]));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(Buffer.alloc(10, 7));
    await vi.waitFor(() => expect(cache.pins.get(HASH)).toBe(0));
    expect(service.activeReaders()).toBe(0);
    // the reader's window is gone (webtorrent drops the first-request selection once its piece is in)
    expect(torrent._selections.items).toEqual([firstRequest]);
    // first bytes out: the tail (here the whole small file) goes above the reader's own selection
    expect(torrent.select).toHaveBeenCalledWith(0, 3, 2);
  });

  it('removes a held torrent through the engine and announces it; an unknown one is TorrentNotFound', async () => {
    const { service, cache, events, engine: fakeEngine } = start();
    await expect(service.remove(HASH)).rejects.toMatchObject({ code: TorrentErrorCode.TorrentNotFound });
    const ready = service.ensureByHash(HASH);
    await vi.waitFor(() => expect(service.list()).toHaveLength(1));
    torrent.becomeReady();
    await ready;
    await service.remove(HASH);
    expect(fakeEngine.remove).toHaveBeenCalledWith(torrent, HASH);
    expect(cache.remove).toHaveBeenCalledWith(HASH);
    expect(events.emitAsync).toHaveBeenCalledWith(TorrentEvents.Removed, { infoHash: HASH });
    expect(service.list()).toEqual([]);
  });
});

