/** Why the cache asks its owner to drop an entry. */
export const EvictionReason = {
  /** Making way for a new entry once `maxEntries` are held. */
  Capacity: 'capacity',
  /** Freeing disk so that an add or a download fits the budget. */
  Disk: 'disk',
  /** Nobody asked for it for `idleTimeoutMs`. */
  Idle: 'idle',
} as const;
export type EvictionReason = (typeof EvictionReason)[keyof typeof EvictionReason];

/**
 * The owner of the entries, which alone knows how to drop one (stop it, delete its data).
 * Injected into CacheService under EVICTION_HANDLER, so an app without an owner fails at
 * boot instead of only forgetting entries. The cache has already stopped tracking the key
 * when `evict` runs. It must be idempotent: a key the owner no longer holds is a no-op. If
 * it throws, the cache tracks the entry again so that a later sweep retries. It must not
 * call `admit`, `ensureDiskRoom`, `sweep` or `refreshDiskUsage`: those wait for it.
 */
export interface EvictionHandler {
  evict(key: string, reason: EvictionReason): Promise<void>;
}

/** DI token of the EvictionHandler. */
export const EVICTION_HANDLER = Symbol('EVICTION_HANDLER');

/** Events the cache emits (EventEmitter2) after the fact, for observers such as metrics. */
export const CacheEvents = {
  /** Payload: CacheEvictedEvent. Emitted after every successful eviction or idle cleanup. */
  Evicted: 'cache.evicted',
} as const;

export interface CacheEvictedEvent {
  key: string;
  reason: EvictionReason;
}

/** Ends one use taken with `acquire`; calling it again does nothing. */
export type Release = () => void;

export interface CacheStats {
  entries: number;
  maxEntries: number;
  /** Entries with at least one open use; these are never evicted. */
  inUse: number;
  /** Entries dropped for capacity or disk. */
  evictions: number;
  /** Entries dropped by the idle sweep. */
  cleanups: number;
  /** Evictions whose handler threw; the entry stays tracked. */
  evictionFailures: number;
  /**
   * Bytes allocated under the data dir at the last measurement, plus piece writes not landed
   * yet, plus what was reserved or written since that measurement started.
   */
  diskUsedBytes: number;
  /** 0 means unlimited. */
  diskBudgetBytes: number;
}

export interface SweepResult {
  /** Keys dropped for being idle. */
  idle: string[];
  /** Keys dropped because the disk was over budget after measuring. */
  disk: string[];
}
