import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { sourceFromMagnet, sourceFromTorrentFile, TorrentService, type TorrentSource } from '#torrent';
import { AppConfig } from '../config/app.config.js';
import { decodeSource, encodeSource } from './source-codec.util.js';
import { SOURCE_STORE, type SourceStore } from './source-store.js';

/** Refresh well within the TTL, and at least this often so a short TTL still holds. */
const MAX_REFRESH_MS = 10 * 60_000;

/**
 * Keeps what clients sent (magnets, .torrent files) in the source store, and hands it to
 * the torrent service when a bare info hash must be added: a node asked for a torrent it
 * does not hold starts from the full source before falling back to the configured trackers.
 */
@Injectable()
export class SourceRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SourceRegistry.name);
  private timer?: NodeJS.Timeout;
  private loadedCount = 0;

  constructor(
    @Inject(SOURCE_STORE) private readonly store: SourceStore,
    private readonly torrents: TorrentService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.torrents.useSourceLookup((infoHash) => this.lookup(infoHash));
    const every = Math.min(MAX_REFRESH_MS, Math.max(1_000, Math.floor(this.config.sourceTtlMs / 4)));
    this.timer = setInterval(() => void this.refreshHeld(), every);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  get kind(): SourceStore['kind'] {
    return this.store.kind;
  }

  /** Torrents this node added from a stored source rather than a bare hash. */
  get loaded(): number {
    return this.loadedCount;
  }

  /** Stores what a client sent. A store that cannot take it fails the add: no other node could find it. */
  async remember(source: TorrentSource): Promise<void> {
    try {
      await this.store.save(source.infoHash, encodeSource(source.torrentId), this.config.sourceTtlMs);
    } catch (err) {
      this.logger.warn({ infoHash: source.infoHash, err: (err as Error).message }, 'could not store the source');
      throw new ServiceUnavailableException('the torrent source could not be stored for the other nodes; retry');
    }
  }

  /** The stored source of `infoHash`, validated again (it came over the network); undefined if none. */
  async lookup(infoHash: string): Promise<TorrentSource | undefined> {
    let encoded: Uint8Array | undefined;
    try {
      encoded = await this.store.load(infoHash);
    } catch (err) {
      this.logger.warn(
        { infoHash, err: (err as Error).message },
        'source store unreachable; using the configured trackers',
      );
      return undefined;
    }
    if (!encoded) return undefined;
    try {
      const decoded = decodeSource(encoded);
      const source =
        'magnet' in decoded
          ? sourceFromMagnet(decoded.magnet, this.config.trackers)
          : await sourceFromTorrentFile(decoded.torrentFile, this.config.trackers);
      if (source.infoHash !== infoHash) throw new Error(`it is the source of ${source.infoHash}`);
      this.loadedCount += 1;
      this.logger.log(
        { infoHash, kind: 'magnet' in decoded ? 'magnet' : 'torrent file' },
        'torrent source loaded from the store',
      );
      return source;
    } catch (err) {
      this.logger.warn(
        { infoHash, err: (err as Error).message },
        'stored source unusable; using the configured trackers',
      );
      return undefined;
    }
  }

  /** While a node holds a torrent, its source stays in the store. */
  private async refreshHeld(): Promise<void> {
    const held = this.torrents.list().map((torrent) => torrent.infoHash);
    try {
      await this.store.refresh(held, this.config.sourceTtlMs);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not refresh the TTL of held sources');
    }
  }
}
