import { Injectable } from '@nestjs/common';
import { CacheService } from '#cache';
import { HlsService } from '#hls';
import { TorrentService } from '#torrent';
import { SourceRegistry } from '../cluster/source-registry.service.js';
import { AppConfig } from '../config/app.config.js';
import { PlaybackRecorder } from '../metrics/playback.recorder.js';
import type { StatsDto } from './stats.dto.js';

@Injectable()
export class StatsService {
  constructor(
    private readonly cache: CacheService,
    private readonly torrents: TorrentService,
    private readonly playback: PlaybackRecorder,
    private readonly config: AppConfig,
    private readonly sources: SourceRegistry,
    private readonly hls: HlsService,
  ) {}

  snapshot(): StatsDto {
    const cache = this.cache.stats();
    return {
      nodeId: this.config.nodeId,
      sourceStore: this.sources.kind,
      sourcesLoaded: this.sources.loaded,
      torrents: this.torrents.list().length,
      maxTorrents: cache.maxEntries,
      torrentsInUse: cache.inUse,
      activeStreams: this.torrents.activeReaders(),
      activeHlsRuns: this.hls.activeRuns(),
      downloadSpeed: this.torrents.downloadSpeed,
      uploadSpeed: this.torrents.uploadSpeed,
      diskUsedBytes: cache.diskUsedBytes,
      diskBudgetBytes: cache.diskBudgetBytes,
      evictions: cache.evictions,
      cleanups: cache.cleanups,
      playback: this.playback.snapshot(),
    };
  }
}
