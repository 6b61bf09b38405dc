import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Viewer-facing waits span from a cached segment (ms) to a cold magnet (tens of s). */
const WAIT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];
const PREFIX = 'todp2m_';

/**
 * One prom-client registry per app (tests run several apps in one process), holding the
 * process defaults and every metric tod-p2m defines. Who feeds which metric: the HTTP
 * middleware (requests, first byte, stalls), LibMetricsCollector (the libs' numbers).
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests by route template, method and status class, until the response ended',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30, 120, 600],
    registers: [this.registry],
  });

  readonly firstByte = new Histogram({
    name: `${PREFIX}stream_first_byte_seconds`,
    help: 'From request to the first body byte of a viewer request; kind is range (byte-range streams) or hls',
    labelNames: ['kind'] as const,
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });

  readonly stalls = new Counter({
    name: `${PREFIX}stream_stalls_total`,
    help: 'Responses that waited more than 1 s for their next bytes while the client was ready to take them',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly stallSeconds = new Counter({
    name: `${PREFIX}stream_stall_seconds_total`,
    help: 'Seconds spent in those stalls',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly hlsUnavailable = new Counter({
    name: `${PREFIX}hls_unavailable_total`,
    help: 'HLS requests answered 503 (every ffmpeg slot busy, cache full)',
    registers: [this.registry],
  });

  readonly segmentProduction = new Histogram({
    name: `${PREFIX}hls_segment_production_seconds`,
    help: 'Wall time ffmpeg took to produce one HLS segment (paused time excluded)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30],
    registers: [this.registry],
  });

  readonly ffmpegRunsStarted = new Counter({
    name: `${PREFIX}ffmpeg_runs_started_total`,
    help: 'Segment-producing ffmpeg runs started',
    registers: [this.registry],
  });

  readonly evictions = new Counter({
    name: `${PREFIX}evictions_total`,
    help: 'Torrents evicted to make room, by reason (capacity: cache_size, disk: max_disk_usage)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly idleCleanups = new Counter({
    name: `${PREFIX}idle_cleanups_total`,
    help: 'Idle torrents removed by the scheduled cleanup',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /** A gauge read when Prometheus scrapes. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  /** A counter that mirrors a monotonic total kept elsewhere, read when Prometheus scrapes. */
  mirroredCounter(name: string, help: string, read: () => number): void {
    let seen = 0;
    new Counter({
      name: `${PREFIX}${name}`,
      help,
      registers: [this.registry],
      collect() {
        const total = read();
        if (total > seen) this.inc(total - seen);
        seen = Math.max(seen, total);
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
