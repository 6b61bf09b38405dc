import { LRUCache } from 'lru-cache';
import type { SourceStore } from './source-store.js';

/** .torrent files run up to 10 MB; this bounds what one node keeps for re-adds. */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * One node, no Redis: sources live in this process. A torrent evicted or swept idle is
 * re-added from the magnet or .torrent it was given (its trackers and peers), not from a
 * bare hash, for as long as the TTL runs.
 */
export class MemorySourceStore implements SourceStore {
  readonly kind = 'memory';
  private readonly sources = new LRUCache<string, Uint8Array>({
    maxSize: MAX_BYTES,
    sizeCalculation: (value) => Math.max(1, value.byteLength),
    ttlAutopurge: false,
  });

  save(infoHash: string, encoded: Uint8Array, ttlMs: number): Promise<void> {
    this.sources.set(infoHash, encoded, { ttl: ttlMs });
    return Promise.resolve();
  }

  load(infoHash: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.sources.get(infoHash));
  }

  refresh(infoHashes: readonly string[], ttlMs: number): Promise<void> {
    for (const infoHash of infoHashes) {
      const value = this.sources.get(infoHash);
      if (value) this.sources.set(infoHash, value, { ttl: ttlMs });
    }
    return Promise.resolve();
  }
}
