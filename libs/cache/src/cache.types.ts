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
 * Registered by the owner of the entries, which alone knows how to drop one (stop it,
 * delete its data). The cache has already stopped tracking the key when this runs. It
 * must be idempotent: a key the owner no longer holds should be a no-op. If it throws,
 * the cache tracks the entry again so that a later sweep retries.
 */
export type EvictionHandler = (key: string, reason: EvictionReason) => Promise<void>;

/** Observes evictions after they happened; must not throw or call back into the cache. */
export type EvictedListener = (key: string, reason: EvictionReason) => void;

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
  /** Bytes allocated under the data dir at the last measurement plus reservations since. */
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
