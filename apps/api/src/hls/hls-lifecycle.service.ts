import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { readdir, rm } from 'node:fs/promises';
import { HlsService } from '#hls';
import { TorrentService } from '#torrent';
import { AppConfig } from '../config/app.config.js';
import { StatsService } from '../stats/stats.service.js';
import { hlsWorkDir } from './hls-work-dir.js';

/** Ties HLS to the rest of the app: cleanup with torrents, stats, startup checks. */
@Injectable()
export class HlsLifecycle implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Hls');

  constructor(
    private readonly hls: HlsService,
    private readonly torrents: TorrentService,
    private readonly stats: StatsService,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // segments are accounted to their torrent and go with it (DELETE, eviction, idle sweep)
    this.torrents.onRemoved((infoHash) => this.hls.removeTorrent(infoHash));
    this.stats.countHlsRunsWith(() => this.hls.activeRuns());
    if (!this.config.keepFiles) await this.purgeLeftovers();
  }

  onApplicationBootstrap(): void {
    const { ffmpeg, ffprobe } = this.hls.binaries();
    this.logger.log({ ffmpeg, ffprobe }, `ffmpeg ${ffmpeg.version} at ${ffmpeg.path}, ffprobe ${ffprobe.version} at ${ffprobe.path}`);
  }

  /** Segments of an earlier run belong to torrents no longer held. */
  private async purgeLeftovers(): Promise<void> {
    const dir = hlsWorkDir(this.config.dataDir);
    const leftovers = await readdir(dir).catch(() => []);
    if (leftovers.length === 0) return;
    await rm(dir, { recursive: true, force: true });
    this.logger.log(`deleted HLS segments of ${leftovers.length} torrents left by an earlier run`);
  }
}
