import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { hotEdgePieces } from './hot-edges.util.js';
import { isPlayableMedia } from './media-type.util.js';
import { readFileRange } from './file-range.reader.js';
import { describeFile, describeTorrent } from './torrent-stats.util.js';
import { sourceFromInfoHash, type TorrentSource } from './torrent-source.util.js';
import { TorrentError, TorrentErrorCode } from './torrent.errors.js';
import { TORRENT_OPTIONS, type TorrentModuleOptions } from './torrent.options.js';
import type { FileRange, TorrentFileInfo, TorrentInfo } from './torrent.types.js';
import { WebTorrentEngine } from './webtorrent.engine.js';
import type { WtFile, WtTorrent } from './webtorrent.types.js';

interface HeldTorrent {
  torrent: WtTorrent;
  /** Settles when the metadata is in and the store is verified; never rejects on timeout. */
  ready: Promise<void>;
  readers: number;
}

export interface OpenedRange {
  file: TorrentFileInfo;
  stream: Readable;
}

/** Decides which torrents are held, when they are ready, and what gets read. */
@Injectable()
export class TorrentService {
  private readonly logger = new Logger(TorrentService.name);
  private readonly held = new Map<string, HeldTorrent>();

  constructor(
    private readonly engine: WebTorrentEngine,
    @Inject(TORRENT_OPTIONS) private readonly options: TorrentModuleOptions,
  ) {}

  /** Holds the torrent for a bare info hash (adding it with the configured trackers) and waits for its metadata. */
  async ensureByHash(rawInfoHash: string): Promise<TorrentInfo> {
    return this.ensure(sourceFromInfoHash(rawInfoHash, this.options.trackers));
  }

  /**
   * Adds the torrent unless it is held, then waits up to `metadataTimeoutMs` for its
   * metadata. Concurrent callers share one add. On timeout the torrent keeps trying,
   * so a retry can still succeed.
   */
  async ensure(source: TorrentSource): Promise<TorrentInfo> {
    const held = this.held.get(source.infoHash) ?? this.add(source);
    await this.waitReady(source.infoHash, held);
    return this.describe(source.infoHash, held);
  }

  /** The torrents held right now, ready or not. */
  list(): TorrentInfo[] {
    return [...this.held].map(([infoHash, held]) => this.describe(infoHash, held));
  }

  isHeld(infoHash: string): boolean {
    return this.held.has(infoHash);
  }

  /** Stops the torrent and, unless files are kept, deletes its data. */
  async remove(infoHash: string): Promise<void> {
    const held = this.held.get(infoHash);
    if (!held) throw new TorrentError(TorrentErrorCode.TorrentNotFound, `torrent ${infoHash} is not held`);
    this.held.delete(infoHash);
    await this.engine.remove(held.torrent, infoHash);
    this.logger.log({ infoHash }, 'torrent removed');
  }

  /** Metadata of one file of a ready torrent. */
  async fileInfo(infoHash: string, fileId: number): Promise<TorrentFileInfo> {
    await this.ensureByHash(infoHash);
    return describeFile(this.wtFile(infoHash, fileId), fileId);
  }

  /**
   * A stream of exactly `range` of the file. Pieces are fetched in reading order from
   * `range.start`; destroying the stream (client gone) releases its piece selection.
   */
  openRange(infoHash: string, fileId: number, range: FileRange): Readable {
    const held = this.held.get(infoHash);
    const stream = readFileRange(this.wtFile(infoHash, fileId), range.start, range.end);
    if (held) {
      held.readers += 1;
      stream.once('close', () => (held.readers -= 1));
    }
    return stream;
  }

  activeReaders(): number {
    let readers = 0;
    for (const held of this.held.values()) readers += held.readers;
    return readers;
  }

  private wtFile(infoHash: string, fileId: number): WtFile {
    const torrent = this.held.get(infoHash)?.torrent;
    if (!torrent?.ready || torrent.destroyed) {
      throw new TorrentError(TorrentErrorCode.TorrentNotFound, `torrent ${infoHash} is not ready`);
    }
    const file = torrent.files[fileId];
    if (!file) {
      throw new TorrentError(
        TorrentErrorCode.FileNotFound,
        `torrent ${infoHash} has no file ${fileId} (it has ${torrent.files.length})`,
      );
    }
    return file;
  }

  private add(source: TorrentSource): HeldTorrent {
    const { infoHash } = source;
    const torrent = this.engine.add(infoHash, source.torrentId);
    const ready = new Promise<void>((resolve) => {
      torrent.once('ready', () => {
        this.logger.log({ infoHash, name: torrent.name, files: torrent.files.length }, 'torrent metadata ready');
        this.prioritiseHotEdges(torrent);
        resolve();
      });
      torrent.once('close', resolve);
    });
    torrent.on('error', (err: Error) => {
      this.logger.warn({ infoHash, err: err.message }, 'torrent failed');
      if (this.held.get(infoHash)?.torrent === torrent) this.held.delete(infoHash);
    });
    torrent.on('warning', (err: Error) => this.logger.debug({ infoHash, warning: err.message }));
    const held: HeldTorrent = { torrent, ready, readers: 0 };
    this.held.set(infoHash, held);
    this.logger.log({ infoHash }, 'torrent added');
    return held;
  }

  private async waitReady(infoHash: string, held: HeldTorrent): Promise<void> {
    if (held.torrent.ready) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.metadataTimeoutMs);
    });
    const outcome = await Promise.race([held.ready, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      throw new TorrentError(
        TorrentErrorCode.MetadataTimeout,
        `no metadata for ${infoHash} within ${this.options.metadataTimeoutMs} ms; still trying, retry later`,
      );
    }
    if (held.torrent.destroyed || !held.torrent.ready) {
      throw new TorrentError(TorrentErrorCode.TorrentNotFound, `torrent ${infoHash} was removed`);
    }
  }

  private prioritiseHotEdges(torrent: WtTorrent): void {
    for (const file of torrent.files) {
      if (!isPlayableMedia(file.name)) continue;
      for (const span of hotEdgePieces(file.offset, file.length, torrent.pieceLength)) {
        torrent.select(span.from, span.to, 0);
      }
    }
  }

  private describe(infoHash: string, held: HeldTorrent): TorrentInfo {
    return describeTorrent(infoHash, held.torrent, held.readers);
  }
}
