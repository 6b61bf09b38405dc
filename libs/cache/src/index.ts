export { CacheModule } from './cache.module.js';
export { CacheService } from './cache.service.js';
export { CACHE_OPTIONS, type CacheModuleOptions } from './cache.options.js';
export { CacheError, CacheErrorCode, CACHE_FULL_RETRY_AFTER_SECONDS } from './cache.errors.js';
export {
  CacheEvents,
  EVICTION_HANDLER,
  EvictionReason,
  type CacheEvictedEvent,
  type CacheStats,
  type EvictionHandler,
  type Release,
  type SweepResult,
} from './cache.types.js';
export { CACHE_SWEEP_INTERVAL } from './cache-sweep.scheduler.js';
export { DiskUsageProbe } from './disk-usage.probe.js';
export { DEFAULT_DISK_FRACTION, defaultDiskBudget, DiskBudget, type DiskHold } from './disk-budget.util.js';
export { LruIndex, type IndexEntry } from './lru.index.js';
export {
  evictionTier,
  pieceEvictionOrder,
  takeVictims,
  type PieceSpan,
  type PieceVictim,
  type TorrentPieceState,
} from './piece-eviction.policy.js';
