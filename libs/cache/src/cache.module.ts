import { Module } from '@nestjs/common';
import { CacheClock } from './cache.clock.js';
import { ConfigurableCacheModule } from './cache.options.js';
import { CacheService } from './cache.service.js';
import { CacheSweepScheduler } from './cache-sweep.scheduler.js';
import { DiskUsageProbe } from './disk-usage.probe.js';

/**
 * Entry bookkeeping: LRU capacity, idle sweep, disk budget. Needs the SchedulerRegistry, so
 * the app must import `ScheduleModule.forRoot()` once (it is global); this module does not,
 * to leave its options to the app.
 */
@Module({
  providers: [CacheService, CacheSweepScheduler, DiskUsageProbe, CacheClock],
  exports: [CacheService],
})
export class CacheModule extends ConfigurableCacheModule {}
