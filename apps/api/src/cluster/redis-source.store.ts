import { Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { SourceStore } from './source-store.js';

const KEY_PREFIX = 'tod-p2m:source:';
/** A Redis outage fails a command after this many reconnects instead of queueing it forever. */
const RETRIES_PER_COMMAND = 2;
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Sources shared by every node: one key per info hash, the encoded source as its value,
 * with a TTL (`SET … PX`, refreshed by `PEXPIRE`). Nothing else of ours lives in Redis.
 */
export class RedisSourceStore implements SourceStore, OnModuleDestroy {
  readonly kind = 'redis';
  private readonly logger = new Logger(RedisSourceStore.name);
  private readonly redis: Redis;
  private lastError = '';

  constructor(url: string) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: RETRIES_PER_COMMAND,
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
    // ioredis reconnects by itself; log each distinct failure once, not every retry
    this.redis.on('error', (err: Error) => {
      if (err.message === this.lastError) return;
      this.lastError = err.message;
      this.logger.warn(`redis: ${err.message}`);
    });
    this.redis.on('ready', () => {
      this.lastError = '';
      this.logger.log('redis connected: torrent sources are shared');
    });
  }

  async save(infoHash: string, encoded: Uint8Array, ttlMs: number): Promise<void> {
    await this.redis.set(KEY_PREFIX + infoHash, Buffer.from(encoded), 'PX', ttlMs);
  }

  async load(infoHash: string): Promise<Uint8Array | undefined> {
    const value = await this.redis.getBuffer(KEY_PREFIX + infoHash);
    return value ? new Uint8Array(value) : undefined;
  }

  async refresh(infoHashes: readonly string[], ttlMs: number): Promise<void> {
    if (infoHashes.length === 0) return;
    const batch = this.redis.pipeline();
    for (const infoHash of infoHashes) batch.pexpire(KEY_PREFIX + infoHash, ttlMs);
    await batch.exec();
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
