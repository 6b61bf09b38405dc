import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CacheEvents, CacheService, EvictionReason, type CacheEvictedEvent } from '#cache';
import { HlsService } from '#hls';
import { TorrentService, WebTorrentEngine } from '#torrent';
import { MetricsRegistry } from './metrics.registry.js';

/**
 * The libs' numbers as Prometheus metrics: gauges read at scrape time through the libs'
 * public APIs, counters fed by their events. Nothing reaches into private state.
 */
@Injectable()
export class LibMetricsCollector implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly torrents: TorrentService,
    private readonly engine: WebTorrentEngine,
    private readonly cache: CacheService,
    private readonly hls: HlsService,
  ) {}

  onModuleInit(): void {
    const { metrics, torrents, engine, cache, hls } = this;
    metrics.gauge('torrents', 'Torrents held', () => cache.stats().entries);
    metrics.gauge('torrents_in_use', 'Torrents with an open reader or HLS run (never evicted)', () => cache.stats().inUse);
    metrics.gauge('torrents_limit', 'cache_size: the most torrents held at once', () => cache.stats().maxEntries);
    metrics.gauge('peers', 'Connected peers, all torrents', () => torrents.list().reduce((sum, t) => sum + t.peers, 0));
    metrics.gauge('streams_active', 'Open byte-range readers, those of HLS runs included', () => torrents.activeReaders());
    metrics.gauge('disk_used_bytes', 'Bytes under data_dir (pieces and HLS segments)', () => cache.stats().diskUsedBytes);
    metrics.gauge('disk_budget_bytes', 'max_disk_usage in bytes; 0 means unlimited', () => cache.stats().diskBudgetBytes);
    metrics.gauge('ffmpeg_runs_active', 'Segment-producing ffmpeg runs', () => hls.activeRuns());
    metrics.mirroredCounter('downloaded_bytes_total', 'Bytes received from peers', () => engine.transferTotals().received);
    metrics.mirroredCounter('uploaded_bytes_total', 'Bytes sent to peers', () => engine.transferTotals().uploaded);

    hls.onActivity((activity) => {
      if (activity.type === 'run-started') metrics.ffmpegRunsStarted.inc();
      else if (activity.type === 'segment-produced') metrics.segmentProduction.observe(activity.seconds);
    });
  }

  @OnEvent(CacheEvents.Evicted)
  countEviction({ reason }: CacheEvictedEvent): void {
    if (reason === EvictionReason.Idle) this.metrics.idleCleanups.inc();
    else this.metrics.evictions.inc({ reason });
  }
}
