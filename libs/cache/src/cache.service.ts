import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import bytes from 'bytes';
import { CacheClock } from './cache.clock.js';
import { CacheError } from './cache.errors.js';
import { CACHE_OPTIONS, type CacheModuleOptions } from './cache.options.js';
import {
  CacheEvents,
  EVICTION_HANDLER,
  EvictionReason,
  type CacheEvictedEvent,
  type CacheStats,
  type EvictionHandler,
  type Release,
  type SweepResult,
} from './cache.types.js';
import { defaultDiskBudget, DiskBudget, type DiskHold } from './disk-budget.util.js';
import { DiskUsageProbe } from './disk-usage.probe.js';
import { LruIndex } from './lru.index.js';
import { SerialQueue } from './serial-queue.util.js';

/**
 * Decides which entries stay: at most `maxEntries`, within the disk budget, none idle for
 * long. It never drops anything itself; it tells the owner through the injected
 * EVICTION_HANDLER, then emits CacheEvents.Evicted.
 * Keys are opaque strings. Entries in use (an open `acquire`) are never evicted.
 */
@Injectable()
export class CacheService implements OnModuleInit {
  private readonly logger = new Logger(CacheService.name);
  private readonly index: LruIndex<string>;
  /** Everything that evicts runs here, one at a time. */
  private readonly queue = new SerialQueue();
  /** Evictions whose handler still runs; admitting the same key waits for them. */
  private readonly evicting = new Map<string, Promise<unknown>>();
  /** Replaced in onModuleInit, once the data dir has been measured. */
  private budget = new DiskBudget(0);
  private evictions = 0;
  private cleanups = 0;
  private evictionFailures = 0;
  /** Admits queued behind an eviction; the fast path must not take their slots. */
  private waitingForSlot = 0;

  constructor(
    @Inject(CACHE_OPTIONS) private readonly options: CacheModuleOptions,
    private readonly disk: DiskUsageProbe,
    clock: CacheClock,
    @Inject(EVICTION_HANDLER) private readonly handler: EvictionHandler,
    private readonly events: EventEmitter2,
  ) {
    this.index = new LruIndex(() => clock.now());
  }

  async onModuleInit(): Promise<void> {
    const { dataDir, maxDiskBytes } = this.options;
    const used = await this.disk.allocatedBytes(dataDir);
    const limit = maxDiskBytes ?? defaultDiskBudget(await this.disk.freeBytes(dataDir), used);
    this.budget = new DiskBudget(limit);
    this.budget.refresh(used);
    const budget = limit === 0 ? 'unlimited' : bytes.format(limit);
    this.logger.log(`disk budget ${budget} for ${dataDir} (${bytes.format(used)} in use)`);
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  isInUse(key: string): boolean {
    return this.index.isInUse(key);
  }

  /**
   * Lets a new entry in, evicting least recently used idle entries to make room for it and
   * for `reserveBytes` of disk (what the add will write, when known). A key already held is
   * only touched. Throws CacheError CacheFull when every entry is in use, DiskFull when the
   * bytes cannot fit even after evicting every idle entry.
   */
  async admit(key: string, reserveBytes = 0): Promise<void> {
    // re-adding a key while its eviction still deletes the old data would race with it
    await this.evicting.get(key);
    if (this.index.has(key)) {
      this.index.touch(key);
      return this.ensureDiskRoom(reserveBytes, key);
    }
    // slots freed by evictions belong to the admits already waiting for them
    if (this.index.size + this.waitingForSlot < this.options.maxEntries && this.budget.canFit(reserveBytes)) {
      this.budget.reserve(reserveBytes);
      this.index.touch(key);
      return;
    }
    this.waitingForSlot += 1;
    try {
      await this.queue.run(() => this.makeRoom(reserveBytes, key, true, () => this.budget.reserve(reserveBytes)));
    } finally {
      this.waitingForSlot -= 1;
    }
  }

  /**
   * Reserves `bytes` of the disk budget before something grows by that much, evicting least
   * recently used idle entries (never `forKey`, the one growing) if they do not fit. Throws
   * CacheError DiskFull when they cannot fit. The reservation lasts until the next disk
   * measurement that starts after it, whether the bytes were written by then or not: for
   * writes nobody reports the end of (an ffmpeg segment), or room asked for ahead of a
   * download. A write we make ourselves takes `holdDiskRoom` instead.
   */
  async ensureDiskRoom(bytes: number, forKey?: string): Promise<void> {
    await this.takeDiskRoom(bytes, forKey, () => this.budget.reserve(bytes));
  }

  /**
   * Makes room for `bytes` as `ensureDiskRoom` does, and holds it for one write about to
   * start: the bytes count whatever the disk walks see until the hold is settled, `written`
   * once they are on disk or `cancelled` if the write never happens. Every hold must be
   * settled; an unsettled one counts forever.
   */
  async holdDiskRoom(bytes: number, forKey?: string): Promise<DiskHold> {
    return this.takeDiskRoom(bytes, forKey, () => this.budget.hold(bytes));
  }

  /** Records activity (a request); false if the key is not held. */
  touch(key: string): boolean {
    if (!this.index.has(key)) return false;
    this.index.touch(key);
    return true;
  }

  /**
   * Marks the key in use (an open reader, a running transcode) until the returned release
   * is called; idleness counts from the release. A key that is not held is tracked from
   * here on, without evicting anything: it is evidently held by the owner, and in use.
   */
  acquire(key: string): Release {
    return this.index.acquire(key);
  }

  /** Forgets a key the owner dropped by itself; the handler is not called. */
  remove(key: string): boolean {
    return this.index.delete(key) !== undefined;
  }

  /**
   * Evicts every idle entry (reason 'idle'), re-measures the disk, and evicts least
   * recently used idle entries (reason 'disk') while usage is over budget. Run by the
   * scheduled interval; callable directly.
   */
  async sweep(): Promise<SweepResult> {
    return this.queue.run(async () => {
      const idle: string[] = [];
      for (const key of this.index.idleKeys(this.options.idleTimeoutMs)) {
        // an earlier handler may have awaited long enough for a reader to arrive
        if (!this.index.isIdle(key, this.options.idleTimeoutMs)) continue;
        if (await this.evict(key, EvictionReason.Idle)) idle.push(key);
      }
      await this.measureDisk();
      const disk: string[] = [];
      const failed = new Set<string>();
      while (!this.budget.canFit(0)) {
        const victim = this.index.pickEvictionVictim(failed);
        if (victim === undefined) break;
        if (await this.evict(victim, EvictionReason.Disk)) disk.push(victim);
        else failed.add(victim);
        await this.measureDisk();
      }
      if (idle.length > 0 || disk.length > 0) {
        this.logger.log(`swept ${idle.length} idle and ${disk.length} over-budget entries`);
      }
      return { idle, disk };
    });
  }

  /** Measures the data dir now, e.g. after the owner deleted data by itself. */
  async refreshDiskUsage(): Promise<void> {
    await this.queue.run(() => this.measureDisk());
  }

  stats(): CacheStats {
    return {
      entries: this.index.size,
      maxEntries: this.options.maxEntries,
      inUse: this.index.inUseCount,
      evictions: this.evictions,
      cleanups: this.cleanups,
      evictionFailures: this.evictionFailures,
      diskUsedBytes: this.budget.usedBytes,
      diskBudgetBytes: this.budget.limitBytes,
    };
  }

  /** Takes `bytes` with `take` at once if they fit, else on the queue once room is made. */
  private async takeDiskRoom<T>(bytes: number, forKey: string | undefined, take: () => T): Promise<T> {
    if (this.budget.canFit(bytes)) return take();
    return this.queue.run(() => this.makeRoom(bytes, forKey, false, take));
  }

  /**
   * Evicts until there is a slot for `key` (if `needsSlot`) and `bytes` fit, then takes
   * them with `take`. Runs on the queue, so nothing else evicts meanwhile; requests that
   * skipped the queue may still take room, hence the loop re-checks everything after every
   * await.
   */
  private async makeRoom<T>(bytes: number, key: string | undefined, needsSlot: boolean, take: () => T): Promise<T> {
    // never the key making room; nor a victim whose handler failed: it is tracked again, and would be picked forever
    const skip = new Set<string>(key === undefined ? [] : [key]);
    let measured = false;
    for (;;) {
      const hasSlot = !needsSlot || (key !== undefined && this.index.has(key)) || this.index.size < this.options.maxEntries;
      if (hasSlot && this.budget.canFit(bytes)) {
        const taken = take();
        if (needsSlot && key !== undefined) this.index.touch(key);
        return taken;
      }
      if (hasSlot && !measured) {
        // the estimate may be stale: data the owner deleted, reservations never written (holds not settled stay counted)
        measured = true;
        await this.measureDisk();
        continue;
      }
      const victim = this.index.pickEvictionVictim(skip);
      if (victim === undefined) {
        if (!hasSlot) throw CacheError.cacheFull(this.options.maxEntries);
        throw CacheError.diskFull(bytes, this.budget.usedBytes, this.budget.limitBytes);
      }
      const evicted = await this.evict(victim, hasSlot ? EvictionReason.Disk : EvictionReason.Capacity);
      if (!evicted) skip.add(victim);
      if (hasSlot) await this.measureDisk();
    }
  }

  /** Stops tracking the key and has the owner drop it; on failure, tracks it again. */
  private async evict(key: string, reason: EvictionReason): Promise<boolean> {
    const entry = this.index.delete(key);
    if (entry === undefined) return false;
    const done = this.callHandler(key, reason);
    this.evicting.set(key, done);
    const ok = await done;
    this.evicting.delete(key);
    if (!ok) {
      this.evictionFailures += 1;
      this.index.restore(key, entry);
      return false;
    }
    if (reason === EvictionReason.Idle) this.cleanups += 1;
    else this.evictions += 1;
    this.events.emit(CacheEvents.Evicted, { key, reason } satisfies CacheEvictedEvent);
    this.logger.log(`evicted ${key} (${reason})`);
    return true;
  }

  private async callHandler(key: string, reason: EvictionReason): Promise<boolean> {
    try {
      await this.handler.evict(key, reason);
      return true;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.logger.error(`eviction of ${key} (${reason}) failed: ${detail}`, error instanceof Error ? error.stack : undefined);
      return false;
    }
  }

  private async measureDisk(): Promise<void> {
    const mark = this.budget.mark();
    this.budget.refresh(await this.disk.allocatedBytes(this.options.dataDir), mark);
  }
}
