import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { readdir, rm } from 'node:fs/promises';
import { HlsService } from '#hls';
import { TorrentEvents, type TorrentRemovedEvent } from '#torrent';
import { AppConfig } from '../config/app.config.js';
import { hlsWorkDir } from '../common/node-data-dir.js';

/** Ties HLS to the rest of the app: cleanup with torrents, startup checks. */
@Injectable()
export class HlsLifecycle implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Hls');

  constructor(
    private readonly hls: HlsService,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.keepFiles) await this.purgeLeftovers();
  }

  /** Segments are accounted to their torrent and go with it (DELETE, eviction, idle sweep). */
  @OnEvent(TorrentEvents.Removed, { suppressErrors: false })
  async torrentRemoved({ infoHash }: TorrentRemovedEvent): Promise<void> {
    await this.hls.removeTorrent(infoHash);
  }

  onApplicationBootstrap(): void {
    const { ffmpeg, ffprobe } = this.hls.binaries();
    this.logger.log({ ffmpeg, ffprobe }, `ffmpeg ${ffmpeg.version} at ${ffmpeg.path}, ffprobe ${ffprobe.version} at ${ffprobe.path}`);
  }

  /** Segments of an earlier run of this node belong to torrents no longer held; other nodes' are theirs. */
  private async purgeLeftovers(): Promise<void> {
    const dir = hlsWorkDir(this.config);
    const leftovers = await readdir(dir).catch(() => []);
    if (leftovers.length === 0) return;
    await rm(dir, { recursive: true, force: true });
    this.logger.log(`deleted HLS segments of ${leftovers.length} torrents left by an earlier run`);
  }
}
