import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { randomUUID } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CacheService } from '#cache';
import { HlsService } from '#hls';
import { WebTorrentEngine } from '#torrent';
import { AppConfig } from '../config/app.config.js';

/** Resolves to why the server is not ready, or undefined when this check passes. */
export type ReadinessCheck = () => Promise<string | undefined> | string | undefined;

/**
 * GET /health/ready: whether this instance should get traffic. terminus runs the checks
 * and reports each; the built-in ones are the engine, data_dir, the disk budget and ffmpeg.
 * Other modules add theirs with `addCheck` (e.g. draining while shutting down).
 */
@Injectable()
export class ReadinessService {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    engine: WebTorrentEngine,
    cache: CacheService,
    hls: HlsService,
    config: AppConfig,
  ) {
    this.addCheck('torrent_engine', () => (engine.listening ? undefined : 'the peer port is not listening'));
    this.addCheck('data_dir', () => probeWritable(config.dataDir));
    this.addCheck('disk_budget', () => {
      const { diskUsedBytes, diskBudgetBytes, entries, inUse } = cache.stats();
      // over budget is fine while idle torrents can be evicted; not when every one is pinned
      if (diskBudgetBytes === 0 || diskUsedBytes < diskBudgetBytes || entries > inUse) return undefined;
      return `max_disk_usage is used up (${diskUsedBytes} of ${diskBudgetBytes} bytes) and no torrent is idle to evict`;
    });
    this.addCheck('ffmpeg', () => {
      const { ffmpeg, ffprobe } = hls.binaries();
      const missing = [ffmpeg, ffprobe].filter((binary) => !binary.found).map((binary) => binary.path);
      return missing.length === 0 ? undefined : `not runnable: ${missing.join(', ')}`;
    });
  }

  addCheck(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** The passing checks; throws 503 naming each failing one. */
  async ready(): Promise<Record<string, 'up'>> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([...this.checks].map(([name, check]) => () => this.run(name, check)));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const failed = (error.getResponse() as HealthCheckResult).error ?? {};
      const reasons = Object.entries(failed).map(([name, detail]) => `${name}: ${String(detail?.message)}`);
      throw new ServiceUnavailableException(`not ready: ${reasons.join('; ')}`);
    }
    return Object.fromEntries(Object.keys(result.details).map((name) => [name, 'up' as const]));
  }

  private async run(name: string, check: ReadinessCheck) {
    const indicator = this.indicators.check(name);
    try {
      const problem = await check();
      return problem === undefined ? indicator.up() : indicator.down({ message: problem });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

/** Writes and deletes a small file: access(W_OK) would pass on a full or read-only-remounted disk. */
async function probeWritable(dir: string): Promise<string | undefined> {
  const probe = join(dir, `.ready-${randomUUID()}`);
  try {
    await writeFile(probe, 'ok');
    await unlink(probe);
    return undefined;
  } catch (error) {
    return `${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}
