import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CACHE_SWEEP_INTERVAL } from './cache-sweep.scheduler.js';
import { CacheModule } from './cache.module.js';
import { CacheService } from './cache.service.js';
import { evictionOwner } from './testing/eviction-owner.js';

describe('CacheSweepScheduler', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cache-sweep-'));
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers the sweep with the configured period, and removes it on module destroy', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ScheduleModule.forRoot(),
        ...evictionOwner({ evict: () => Promise.resolve() }),
        CacheModule.registerAsync({
          useFactory: () => ({ maxEntries: 2, idleTimeoutMs: 1_000, cleanupIntervalMs: 5_000, maxDiskBytes: 0, dataDir }),
        }),
      ],
    }).compile();
    await moduleRef.init();
    const registry = moduleRef.get(SchedulerRegistry);
    const sweep = vi.spyOn(moduleRef.get(CacheService), 'sweep').mockResolvedValue({ idle: [], disk: [] });

    expect(registry.getIntervals()).toEqual([CACHE_SWEEP_INTERVAL]);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sweep).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(sweep).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sweep).toHaveBeenCalledTimes(2);

    await moduleRef.close();
    expect(registry.doesExist('interval', CACHE_SWEEP_INTERVAL)).toBe(false);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sweep).toHaveBeenCalledTimes(2);
  });

  it('logs a failed sweep and keeps the interval running', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ScheduleModule.forRoot(),
        ...evictionOwner({ evict: () => Promise.resolve() }),
        CacheModule.register({ maxEntries: 2, idleTimeoutMs: 1_000, cleanupIntervalMs: 1_000, maxDiskBytes: 0, dataDir }),
      ],
    }).compile();
    await moduleRef.init();
    const sweep = vi.spyOn(moduleRef.get(CacheService), 'sweep').mockRejectedValue(new Error('walk failed'));
    const logError = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sweep).toHaveBeenCalledTimes(2);
    expect(logError).toHaveBeenCalledTimes(2);
    expect(logError.mock.calls[0]?.[0]).toBe('cache sweep failed: walk failed');
    logError.mockRestore();
    await moduleRef.close();
  });
});
