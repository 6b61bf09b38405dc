import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CacheService } from '#cache';
import { HlsService, matchSidecars, type HlsSource, type SidecarFile } from '#hls';
import { TorrentService, type TorrentFileInfo } from '#torrent';
import { InternalAccess } from '../common/internal-access.js';
import { MediaUrls } from '../common/media-urls.js';
import { fileKeyOf } from './file-key.util.js';

/** Maps a torrent file to what the HLS lib reads: our own byte-range stream, on loopback. */
@Injectable()
export class HlsSourceService {
  constructor(
    private readonly torrents: TorrentService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly internalAccess: InternalAccess,
    private readonly hls: HlsService,
    private readonly cache: CacheService,
    private readonly mediaUrls: MediaUrls,
  ) {}

  /**
   * Segments count against the disk budget like pieces: room for one is made (evicting idle
   * torrents) before it is produced, or the request fails with 507.
   */
  async makeRoomForSegment(source: HlsSource, index: number): Promise<void> {
    const bytes = await this.hls.segmentBytesToWrite(source, index);
    if (bytes > 0) await this.cache.ensureDiskRoom(bytes, source.torrentKey);
  }

  /** Adds the torrent if needed; FileNotFound/TorrentNotFound/MetadataTimeout pass through. */
  async sourceOf(infoHash: string, fileId: number): Promise<HlsSource> {
    const file = await this.torrents.fileInfo(infoHash, fileId);
    const { files } = await this.torrents.ensureByHash(infoHash);
    return this.sourceFor(infoHash, file, files);
  }

  /** The source of `file`, with the subtitle files of the same torrent that match it by name. */
  sourceFor(infoHash: string, file: TorrentFileInfo, files: readonly TorrentFileInfo[]): HlsSource {
    const urls = this.mediaUrls.loopback(this.port());
    const videoCount = files.filter((f) => f.kind === 'video').length;
    const sidecars: SidecarFile[] =
      file.kind === 'video'
        ? matchSidecars(file, files, videoCount).map((match) => ({
            ...match,
            size: files.find((f) => f.id === match.fileId)?.size ?? 0,
            url: urls.stream({ infoHash, fileId: match.fileId }),
          }))
        : [];
    return {
      torrentKey: infoHash,
      fileKey: fileKeyOf(infoHash, file.id),
      fileName: file.name,
      kind: file.kind,
      url: urls.stream({ infoHash, fileId: file.id }),
      headers: this.internalAccess.headers(),
      sidecars,
    };
  }

  /** The port we actually listen on (config may say 0). */
  private port(): number {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    const address = server.address() as AddressInfo | null;
    if (!address) throw new Error('HTTP server is not listening');
    return address.port;
  }
}
