import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { DEFAULT_READAHEAD, TorrentModule } from '#torrent';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { nodeDataDir } from './common/node-data-dir.js';
import { CommonModule } from './common/common.module.js';
import { HlsApiModule } from './hls/hls-api.module.js';
import { API_THROTTLER, ClientThrottlerGuard, STREAM_THROTTLER } from './common/client-throttler.guard.js';
import { AppConfigModule } from './config/app-config.module.js';
import { AppConfig } from './config/app.config.js';
import { loggerOptions } from './config/logger.options.js';
import { StatsModule } from './stats/stats.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { HealthModule } from './health/health.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import { PlaylistsModule } from './playlists/playlists.module.js';
import { PreloadModule } from './preload/preload.module.js';
import { EventsModule } from './events/events.module.js';
import { WebModule } from './web/web.module.js';
import { StreamingModule } from './streaming/streaming.module.js';
import { SubtitlesModule } from './subtitles/subtitles.module.js';
import { TorrentsModule } from './torrents/torrents.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        CommonModule,
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        // the cache is the torrent module's own: its LRU and disk budget decide which torrents stay
        TorrentModule.forRoot(
          {
            // its own subdirectory: startup purges never touch a neighbour sharing the volume
            dataDir: nodeDataDir(config),
            trackers: config.trackers,
            dht: config.dht,
            lsd: config.lsd,
            natTraversal: config.natTraversal,
            utp: config.utp,
            torrentPort: config.torrentPort,
            maxConnections: config.maxConnections,
            downloadRateLimit: config.downloadRateLimit,
            uploadRateLimit: config.uploadRateLimit,
            metadataTimeoutMs: config.torrentTimeoutMs,
            keepFiles: config.keepFiles,
            readahead: { ...DEFAULT_READAHEAD, seconds: config.readaheadMs / 1000, ramp: config.readaheadRamp },
          },
          {
            maxEntries: config.cacheSize,
            idleTimeoutMs: config.idleTimeoutMs,
            cleanupIntervalMs: config.cleanupIntervalMs,
            maxDiskBytes: config.maxDiskUsage,
            dataDir: config.dataDir,
          },
        ),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: API_THROTTLER, limit: config.throttleApiLimit, ttl: config.throttleApiTtlMs },
            { name: STREAM_THROTTLER, limit: config.throttleStreamLimit, ttl: config.throttleStreamTtlMs },
          ],
        }),
        TorrentsModule,
        StreamingModule,
        StatsModule,
        HlsApiModule,
        MetricsModule.forRoot(config),
        HealthModule,
        AuthModule,
        ClusterModule,
        PlaylistsModule,
        PreloadModule,
        EventsModule,
        WebModule,
        SubtitlesModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: ClientThrottlerGuard },
      ],
    };
  }
}
