import { BadRequestException, Injectable } from '@nestjs/common';
import {
  sourceFromInfoHash,
  sourceFromMagnet,
  sourceFromTorrentFile,
  TorrentService,
  type TorrentInfo,
  type TorrentSource,
} from '#torrent';
import { AppConfig } from '../config/app.config.js';
import type { AddTorrentDto } from './dto/add-torrent.dto.js';

/** Turns what a client sent (magnet, hash or .torrent upload) into a held torrent. */
@Injectable()
export class TorrentsService {
  constructor(
    private readonly torrents: TorrentService,
    private readonly config: AppConfig,
  ) {}

  async add(body: AddTorrentDto, upload?: { buffer: Buffer }): Promise<TorrentInfo> {
    return this.torrents.ensure(await this.sourceOf(body, upload));
  }

  get(infoHash: string): Promise<TorrentInfo> {
    return this.torrents.ensureByHash(infoHash);
  }

  list(): TorrentInfo[] {
    return this.torrents.list();
  }

  remove(infoHash: string): Promise<void> {
    return this.torrents.remove(infoHash);
  }

  private async sourceOf(body: AddTorrentDto, upload?: { buffer: Buffer }): Promise<TorrentSource> {
    const given = [body.magnet, body.infoHash, upload].filter((value) => value !== undefined);
    if (given.length !== 1) {
      throw new BadRequestException(
        'send exactly one of: JSON "magnet", JSON "infoHash", or a .torrent file in multipart field "torrent"',
      );
    }
    if (upload) return sourceFromTorrentFile(new Uint8Array(upload.buffer));
    if (body.magnet !== undefined) return sourceFromMagnet(body.magnet, this.config.trackers);
    return sourceFromInfoHash(body.infoHash as string, this.config.trackers);
  }
}
