import { BadRequestException, Injectable } from '@nestjs/common';
import {
  sourceFromInfoHash,
  sourceFromMagnet,
  sourceFromTorrentFile,
  TorrentService,
  type TorrentInfo,
  type TorrentSource,
} from '#torrent';
import type { Request } from 'express';
import { OwnerForwarder } from '../cluster/owner-forwarder.service.js';
import { SourceRegistry } from '../cluster/source-registry.service.js';
import { AppConfig } from '../config/app.config.js';
import type { AddTorrentDto } from './dto/add-torrent.dto.js';
import type { TorrentDto, TorrentPendingDto } from './dto/torrent.dto.js';

/** Added here, or by the node the hash maps to (its answer is already presented). */
export type AddOutcome = { held: TorrentInfo } | { fromOwner: TorrentDto | TorrentPendingDto };

/**
 * POST /torrents: turns what a client sent (magnet, hash or .torrent upload) into a held
 * torrent, here or on the node the hash maps to. The other torrent routes call the lib's
 * TorrentService directly.
 */
@Injectable()
export class AddTorrentService {
  constructor(
    private readonly torrents: TorrentService,
    private readonly config: AppConfig,
    private readonly sources: SourceRegistry,
    private readonly owner: OwnerForwarder,
  ) {}

  /**
   * Stores a magnet or .torrent under its hash (a bare hash adds nothing to share, and
   * must not replace a fuller stored source), then adds the torrent on the node it maps to.
   * `wait: false` answers as soon as the torrent is held, metadata or not.
   */
  async add(body: AddTorrentDto, upload: { buffer: Buffer } | undefined, client: Request, wait = true): Promise<AddOutcome> {
    const source = await this.sourceOf(body, upload);
    if (body.infoHash === undefined) await this.sources.remember(source);
    const fromOwner = await this.owner.viaOwner(source.infoHash, client, wait);
    if (fromOwner !== undefined) return { fromOwner: fromOwner as TorrentDto | TorrentPendingDto };
    return { held: await this.torrents.ensure(source, { wait }) };
  }

  private async sourceOf(body: AddTorrentDto, upload?: { buffer: Buffer }): Promise<TorrentSource> {
    const given = [body.magnet, body.infoHash, upload].filter((value) => value !== undefined);
    if (given.length !== 1) {
      throw new BadRequestException(
        'send exactly one of: JSON "magnet", JSON "infoHash", or a .torrent file in multipart field "torrent"',
      );
    }
    if (upload) return sourceFromTorrentFile(new Uint8Array(upload.buffer), this.config.trackers);
    if (body.magnet !== undefined) return sourceFromMagnet(body.magnet, this.config.trackers);
    return sourceFromInfoHash(body.infoHash as string, this.config.trackers);
  }
}
