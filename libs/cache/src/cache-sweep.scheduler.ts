import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CACHE_OPTIONS, type CacheModuleOptions } from './cache.options.js';
import { CacheService } from './cache.service.js';

/** Name of the sweep's interval in the SchedulerRegistry. */
export const CACHE_SWEEP_INTERVAL = 'cache-sweep';

/**
 * Runs `CacheService.sweep` every `cleanupIntervalMs`. Registered by hand rather than with
 * `@Interval`, whose period is fixed at compile time; the period here comes from config.
 */
@Injectable()
export class CacheSweepScheduler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CacheSweepScheduler.name);
  private running = false;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly cache: CacheService,
    @Inject(CACHE_OPTIONS) private readonly options: CacheModuleOptions,
  ) {}

  onModuleInit(): void {
    const interval = setInterval(() => void this.tick(), this.options.cleanupIntervalMs);
    // the HTTP server keeps the process alive; the sweep alone should not
    interval.unref();
    this.registry.addInterval(CACHE_SWEEP_INTERVAL, interval);
  }

  onModuleDestroy(): void {
    // ScheduleModule clears every interval on shutdown too, and deleting twice throws
    if (this.registry.doesExist('interval', CACHE_SWEEP_INTERVAL)) {
      this.registry.deleteInterval(CACHE_SWEEP_INTERVAL);
    }
  }

  /** Skips a tick while the previous sweep still runs, rather than queueing sweeps up. */
  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.cache.sweep();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.logger.error(`cache sweep failed: ${detail}`, error instanceof Error ? error.stack : undefined);
    } finally {
      this.running = false;
    }
  }
}
