import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ScheduleModule } from '@nestjs/schedule';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CacheClock } from './cache.clock.js';
import { CacheError, CacheErrorCode } from './cache.errors.js';
import { CacheModule } from './cache.module.js';
import type { CacheModuleOptions } from './cache.options.js';
import { CacheService } from './cache.service.js';
import { DiskUsageProbe } from './disk-usage.probe.js';
import type { EvictionReason } from './cache.types.js';
import { evictionOwner } from './testing/eviction-owner.js';

const KiB = 1024;
/** Per-entry data: a multiple of any usual block size, and random (incompressible), so allocation equals content. */
const ENTRY = 64 * KiB;

describe('CacheService', () => {
  let dataDir: string;
  let clock: { now: () => number; at: number };
  let moduleRef: TestingModule | undefined;
  let evicted: Array<[string, EvictionReason]>;
  /** The owner's side of evictions; a test may replace it. */
  let onEvict: (key: string, reason: EvictionReason) => Promise<void>;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cache-service-'));
    clock = { at: 0, now: () => clock.at };
    evicted = [];
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(options: Partial<CacheModuleOptions> = {}, probe?: Partial<DiskUsageProbe>): Promise<CacheService> {
    let builder = Test.createTestingModule({
      imports: [
        ScheduleModule.forRoot(),
        ...evictionOwner({ evict: (key, reason) => onEvict(key, reason) }),
        CacheModule.register({
          maxEntries: 3,
          idleTimeoutMs: 1_000,
          cleanupIntervalMs: 60_000,
          maxDiskBytes: 0,
          dataDir,
          ...options,
        }),
      ],
    })
      .overrideProvider(CacheClock)
      .useValue(clock);
    if (probe) builder = builder.overrideProvider(DiskUsageProbe).useValue(probe);
    moduleRef = await builder.compile();
    await moduleRef.init();
    const cache = moduleRef.get(CacheService);
    // the owner's side: drop the entry's data, as the torrent service would
    onEvict = async (key, reason) => {
      evicted.push([key, reason]);
      await rm(join(dataDir, key), { recursive: true, force: true });
    };
    return cache;
  }

  async function writeEntry(key: string, size = ENTRY): Promise<void> {
    await mkdir(join(dataDir, key), { recursive: true });
    await writeFile(join(dataDir, key, 'data.bin'), randomBytes(size));
  }

  /** Admits the keys one clock tick apart, so their LRU order is the argument order. */
  async function admitInOrder(cache: CacheService, ...keys: string[]): Promise<void> {
    for (const key of keys) {
      clock.at += 1;
      await cache.admit(key);
    }
  }

  describe('disk budget at startup', () => {
    it('measures what is already under the data dir and keeps a configured budget', async () => {
      await writeEntry('a');
      await writeEntry('b', 2 * ENTRY);
      const cache = await start({ maxDiskBytes: 10 * ENTRY });
      expect(cache.stats()).toMatchObject({ diskUsedBytes: 3 * ENTRY, diskBudgetBytes: 10 * ENTRY });
    });

    it('defaults to 80% of free space plus what the data dir holds', async () => {
      const cache = await start({ maxDiskBytes: undefined }, {
        allocatedBytes: async () => 500,
        freeBytes: async () => 1_000,
      });
      expect(cache.stats()).toMatchObject({ diskUsedBytes: 500, diskBudgetBytes: 1_200 });
    });

    it('treats 0 as unlimited without looking at free space', async () => {
      const cache = await start({ maxDiskBytes: 0 }, {
        allocatedBytes: async () => 500,
        freeBytes: async () => {
          throw new Error('not expected');
        },
      });
      expect(cache.stats().diskBudgetBytes).toBe(0);
      await expect(cache.ensureDiskRoom(Number.MAX_SAFE_INTEGER)).resolves.toBeUndefined();
    });
  });

  describe('capacity', () => {
    it('admits up to maxEntries without evicting', async () => {
      const cache = await start();
      await admitInOrder(cache, 'a', 'b', 'c');
      expect(evicted).toEqual([]);
      expect(cache.stats()).toMatchObject({ entries: 3, maxEntries: 3, evictions: 0 });
    });

    it('evicts the least recently used entry to admit one more', async () => {
      const cache = await start();
      await admitInOrder(cache, 'a', 'b', 'c');
      clock.at += 1;
      cache.touch('a');
      await admitInOrder(cache, 'd', 'e');
      expect(evicted).toEqual([
        ['b', 'capacity'],
        ['c', 'capacity'],
      ]);
      expect(cache.has('a')).toBe(true);
      expect(cache.has('b')).toBe(false);
      expect(cache.stats()).toMatchObject({ entries: 3, evictions: 2, cleanups: 0 });
    });

    it('only touches a key that is already held', async () => {
      const cache = await start();
      await admitInOrder(cache, 'a', 'b', 'c', 'a', 'd');
      expect(evicted).toEqual([['b', 'capacity']]);
    });

    it('never evicts an entry in use, and refuses with CacheFull when all are', async () => {
      const cache = await start();
      await admitInOrder(cache, 'a', 'b', 'c');
      const releaseA = cache.acquire('a');
      cache.acquire('b');
      await admitInOrder(cache, 'd');
      expect(evicted).toEqual([['c', 'capacity']]);
      cache.acquire('d');

      const refused = await cache.admit('e').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CacheError);
      expect(refused).toMatchObject({ code: CacheErrorCode.CacheFull, retryAfterSeconds: 10 });
      expect(cache.has('e')).toBe(false);

      releaseA();
      await cache.admit('e');
      expect(evicted).toEqual([
        ['c', 'capacity'],
        ['a', 'capacity'],
      ]);
    });

    it('never evicts the same victim twice for concurrent admits', async () => {
      const cache = await start();
      await admitInOrder(cache, 'a', 'b', 'c');
      await Promise.all([cache.admit('d'), cache.admit('e')]);
      expect(evicted).toEqual([
        ['a', 'capacity'],
        ['b', 'capacity'],
      ]);
      expect(cache.stats().entries).toBe(3);
    });

    it('lets a re-admit of a key wait until its eviction has finished', async () => {
      const cache = await start({ maxEntries: 1 });
      const log: string[] = [];
      let finishEviction!: () => void;
      onEvict = async (key) => {
        log.push(`evict ${key} start`);
        await new Promise<void>((resolve) => (finishEviction = resolve));
        log.push(`evict ${key} end`);
      };
      await cache.admit('a');
      const admitB = cache.admit('b');
      await new Promise((resolve) => setImmediate(resolve));
      const readmitA = cache.admit('a').then(() => log.push('a admitted again'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(log).toEqual(['evict a start']);
      finishEviction();
      await admitB;
      await new Promise((resolve) => setImmediate(resolve));
      finishEviction();
      await readmitA;
      expect(log).toEqual(['evict a start', 'evict a end', 'evict b start', 'evict b end', 'a admitted again']);
    });
  });

  /** Admits `keys` in order, writes an entry's data for each, and measures the disk. */
  async function fill(cache: CacheService, ...keys: string[]): Promise<void> {
    for (const key of keys) {
      await admitInOrder(cache, key);
      await writeEntry(key);
    }
    await cache.refreshDiskUsage();
  }

  describe('disk room', () => {
    it('reserves bytes that fit without evicting, and counts them as used', async () => {
      const cache = await start({ maxDiskBytes: 4 * ENTRY });
      await fill(cache, 'a', 'b');
      await cache.ensureDiskRoom(ENTRY, 'a');
      expect(cache.stats().diskUsedBytes).toBe(3 * ENTRY);
      await cache.ensureDiskRoom(ENTRY, 'a');
      expect(evicted).toEqual([]);
      expect(cache.stats().diskUsedBytes).toBe(4 * ENTRY);
    });

    it('evicts idle entries least recent first until the bytes fit, sparing the key that grows', async () => {
      const cache = await start({ maxDiskBytes: 3 * ENTRY });
      await fill(cache, 'a', 'b', 'c');
      await cache.ensureDiskRoom(2 * ENTRY, 'a');
      expect(evicted).toEqual([
        ['b', 'disk'],
        ['c', 'disk'],
      ]);
      expect(cache.has('a')).toBe(true);
      // a's data plus the reservation
      expect(cache.stats()).toMatchObject({ diskUsedBytes: 3 * ENTRY, evictions: 2 });
    });

    it('re-measures before evicting, so data deleted by the owner counts as freed', async () => {
      const cache = await start({ maxDiskBytes: 2 * ENTRY });
      await fill(cache, 'a', 'b');
      await rm(join(dataDir, 'b'), { recursive: true });
      cache.remove('b');
      await cache.ensureDiskRoom(ENTRY);
      expect(evicted).toEqual([]);
    });

    it('never evicts entries in use, and refuses with DiskFull when it cannot make room', async () => {
      const cache = await start({ maxDiskBytes: 3 * ENTRY });
      await fill(cache, 'a', 'b', 'c');
      cache.acquire('a');
      cache.acquire('c');
      const refused = await cache.ensureDiskRoom(2 * ENTRY).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CacheError);
      expect(refused).toMatchObject({ code: CacheErrorCode.DiskFull });
      expect(evicted).toEqual([['b', 'disk']]);
      expect(cache.stats().diskUsedBytes).toBe(2 * ENTRY);
    });

    it('does not admit a key whose bytes cannot fit', async () => {
      const cache = await start({ maxDiskBytes: 2 * ENTRY });
      await fill(cache, 'a');
      cache.acquire('a');
      await expect(cache.admit('b', 2 * ENTRY)).rejects.toMatchObject({ code: CacheErrorCode.DiskFull });
      expect(cache.has('b')).toBe(false);
      await cache.admit('b', ENTRY);
      expect(cache.has('b')).toBe(true);
    });
  });

  describe('disk holds', () => {
    it('keeps a held write counted through a disk walk that ran before it landed, where a reservation is dropped', async () => {
      const cache = await start({ maxDiskBytes: 4 * ENTRY });
      await fill(cache, 'a');
      await cache.ensureDiskRoom(ENTRY, 'a');
      const hold = await cache.holdDiskRoom(ENTRY, 'a');
      expect(cache.stats().diskUsedBytes).toBe(3 * ENTRY);
      await cache.refreshDiskUsage();
      expect(cache.stats().diskUsedBytes).toBe(2 * ENTRY);
      await writeFile(join(dataDir, 'a', 'piece.bin'), randomBytes(ENTRY));
      hold.written();
      expect(cache.stats().diskUsedBytes).toBe(2 * ENTRY);
      await cache.refreshDiskUsage();
      expect(cache.stats().diskUsedBytes).toBe(2 * ENTRY);
    });

    it('stops counting a cancelled hold at once, and settles a hold once', async () => {
      const cache = await start({ maxDiskBytes: 4 * ENTRY });
      await fill(cache, 'a');
      const hold = await cache.holdDiskRoom(2 * ENTRY, 'a');
      expect(cache.stats().diskUsedBytes).toBe(3 * ENTRY);
      hold.cancelled();
      hold.written();
      expect(cache.stats().diskUsedBytes).toBe(ENTRY);
    });

    it('makes room for a hold by evicting idle entries, counting holds not settled, and refuses with DiskFull', async () => {
      const cache = await start({ maxDiskBytes: 3 * ENTRY });
      await fill(cache, 'a', 'b');
      const first = await cache.holdDiskRoom(ENTRY, 'a');
      expect(evicted).toEqual([]);
      // the eviction re-measures; the first hold, not on disk yet, still counts
      const second = await cache.holdDiskRoom(ENTRY, 'a');
      expect(evicted).toEqual([['b', 'disk']]);
      expect(cache.stats().diskUsedBytes).toBe(3 * ENTRY);
      await expect(cache.holdDiskRoom(ENTRY, 'a')).rejects.toMatchObject({ code: CacheErrorCode.DiskFull });
      first.cancelled();
      second.cancelled();
      expect(cache.stats().diskUsedBytes).toBe(ENTRY);
    });
  });

  describe('sweep', () => {
    it('evicts entries idle for idleTimeoutMs, but none in use or recently active', async () => {
      const cache = await start();
      await admitInOrder(cache, 'idle', 'pinned', 'active');
      const release = cache.acquire('pinned');
      clock.at = 1_500;
      cache.touch('active');
      clock.at = 2_000;
      expect(await cache.sweep()).toEqual({ idle: ['idle'], disk: [] });
      expect(evicted).toEqual([['idle', 'idle']]);
      expect(cache.stats()).toMatchObject({ entries: 2, cleanups: 1, evictions: 0 });

      release(); // idleness now counts from t=2000
      clock.at = 2_999;
      expect((await cache.sweep()).idle).toEqual(['active']);
      clock.at = 3_000;
      expect((await cache.sweep()).idle).toEqual(['pinned']);
    });

    it('re-measures the disk', async () => {
      const cache = await start();
      await writeEntry('x');
      expect(cache.stats().diskUsedBytes).toBe(0);
      await cache.sweep();
      expect(cache.stats().diskUsedBytes).toBe(ENTRY);
    });

    it('evicts least recent idle entries while the disk is over budget', async () => {
      const cache = await start({ maxDiskBytes: ENTRY, idleTimeoutMs: 1_000_000 });
      await admitInOrder(cache, 'a', 'b', 'c');
      await Promise.all(['a', 'b', 'c'].map((key) => writeEntry(key)));
      cache.acquire('a');
      expect(await cache.sweep()).toEqual({ idle: [], disk: ['b', 'c'] });
      expect(cache.stats().diskUsedBytes).toBe(ENTRY);
    });

    it('keeps going when the handler throws, and tracks the failed entry for a retry', async () => {
      const cache = await start();
      await admitInOrder(cache, 'a', 'b', 'c');
      let failing = true;
      onEvict = async (key, reason) => {
        if (key === 'b' && failing) throw new Error('disk busy');
        evicted.push([key, reason]);
      };
      const logError = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      clock.at = 10_000;
      expect((await cache.sweep()).idle).toEqual(['a', 'c']);
      expect(logError.mock.calls.map((call) => call[0])).toEqual(['eviction of b (idle) failed: disk busy']);
      logError.mockRestore();
      expect(cache.has('b')).toBe(true);
      expect(cache.stats()).toMatchObject({ cleanups: 2, evictionFailures: 1, entries: 1 });

      failing = false;
      expect((await cache.sweep()).idle).toEqual(['b']);
      expect(cache.stats().entries).toBe(0);
    });
  });

  it('touches only keys it holds, and forgets removed keys without calling the handler', async () => {
    const cache = await start();
    expect(cache.touch('a')).toBe(false);
    await cache.admit('a');
    expect(cache.touch('a')).toBe(true);
    expect(cache.remove('a')).toBe(true);
    expect(cache.remove('a')).toBe(false);
    expect(evicted).toEqual([]);
  });

  it('tracks a key first seen through acquire, as in use', async () => {
    const cache = await start();
    const release = cache.acquire('a');
    expect(cache.has('a')).toBe(true);
    expect(cache.isInUse('a')).toBe(true);
    expect(cache.stats().inUse).toBe(1);
    release();
    release();
    expect(cache.isInUse('a')).toBe(false);
  });
});
