import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import WebTorrentModule from 'webtorrent';
import { disableNagle } from './no-delay.js';
import { assemblePiecesInPlace } from './piece-assembly.js';
import { WriteBehindBudget, writeBehindStore, type ChunkStoreClass, type StoreCreated } from './write-behind.store.js';
import { TORRENT_OPTIONS, type TorrentModuleOptions } from './torrent.options.js';
import type { WtClient, WtClientConstructor, WtTorrent } from './webtorrent.types.js';

export interface TransferTotals {
  received: number;
  uploaded: number;
}

const WebTorrent = WebTorrentModule as WtClientConstructor;

const SHUTDOWN_GRACE_MS = 3_000;

/**
 * Verified pieces waiting for their disk write, all torrents together. Past this, webtorrent
 * is told about a new piece only once older writes have landed (see writeBehindStore). Four
 * 2 MiB pieces: a page-cache write takes a millisecond or two, and the backlog counts in the
 * RSS when it peaks (see the pool's size in buffer-pool.ts, measured together).
 */
const WRITE_BEHIND_BYTES = 8 * 1024 * 1024;

/** The one webtorrent client of the process: creation, adds, removal and shutdown. */
@Injectable()
export class WebTorrentEngine implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WebTorrentEngine.name);
  private client!: WtClient;
  private readonly writeBehind = new WriteBehindBudget(WRITE_BEHIND_BYTES);
  /** Bytes moved by torrents already removed, so the process totals never go down. */
  private readonly retired: TransferTotals = { received: 0, uploaded: 0 };
  /** Puts Nagle's algorithm back on for sockets opened after shutdown (tests start several apps). */
  private restoreNagle?: () => void;
  private restorePieceAssembly?: () => void;

  constructor(@Inject(TORRENT_OPTIONS) private readonly options: TorrentModuleOptions) {}

  async onModuleInit(): Promise<void> {
    await this.purgeLeftovers();
    await mkdir(this.torrentsDir(), { recursive: true });
    const { options } = this;
    this.restoreNagle = disableNagle();
    this.restorePieceAssembly = assemblePiecesInPlace();
    this.client = new WebTorrent({
      dht: options.dht,
      lsd: options.lsd,
      natUpnp: options.natTraversal,
      natPmp: options.natTraversal,
      utp: options.utp,
      torrentPort: options.torrentPort,
      maxConns: options.maxConnections,
      // webtorrent takes -1 for "no limit"
      downloadLimit: options.downloadRateLimit > 0 ? options.downloadRateLimit : -1,
      uploadLimit: options.uploadRateLimit > 0 ? options.uploadRateLimit : -1,
    });
    // Torrent errors surface here when a torrent has no listener; they are never fatal.
    this.client.on('error', (err: Error) => this.logger.error(`torrent client: ${err.message}`));
  }

  get downloadSpeed(): number {
    return this.client.downloadSpeed;
  }

  get uploadSpeed(): number {
    return this.client.uploadSpeed;
  }

  /** The port peers connect to, once listening. */
  get peerPort(): number | undefined {
    return this.client?.address()?.port;
  }

  /** True once the peer port accepts connections (readiness). */
  get listening(): boolean {
    return this.client?.listening === true;
  }

  /** Bytes received from and sent to peers since the process started, all torrents. */
  transferTotals(): TransferTotals {
    const totals = { ...this.retired };
    for (const torrent of this.client?.torrents ?? []) {
      totals.received += torrent.received;
      totals.uploaded += torrent.uploaded;
    }
    return totals;
  }

  /**
   * `store` is the piece store (gated by the disk budget); the engine adds write-behind on
   * top. `created` is told about the store once webtorrent makes it (after the metadata).
   */
  add(infoHash: string, torrentId: string | Uint8Array, store: ChunkStoreClass, announce: string[] = [], created?: StoreCreated): WtTorrent {
    return this.client.add(torrentId, {
      announce,
      store: writeBehindStore(store, this.writeBehind, created),
      path: this.torrentDir(infoHash),
      // Download only what readers ask for (plus hot edges), never whole torrents unasked.
      deselect: true,
      strategy: 'sequential',
      // webtorrent's default keeps the last 20 pieces read in memory (up to 320 MB with the
      // 16 MiB pieces of big films). A stream reads each piece once, so it hardly ever hits,
      // and the bench measured ~60 MB less peak RSS without it while streaming 2 GB.
      // Pieces not yet on disk are served from memory by writeBehindStore anyway.
      storeCacheSlots: 0,
    });
  }

  /** Stops a torrent; unless files are kept, deletes its directory. */
  async remove(torrent: WtTorrent, infoHash: string): Promise<void> {
    const destroyStore = !this.options.keepFiles;
    if (!torrent.destroyed) {
      this.retired.received += torrent.received;
      this.retired.uploaded += torrent.uploaded;
    }
    await new Promise<void>((resolve) => {
      if (torrent.destroyed) return resolve();
      torrent.destroy({ destroyStore }, (err) => {
        if (err) this.logger.warn(`destroying ${infoHash}: ${err.message}`);
        resolve();
      });
    });
    if (destroyStore) await rm(this.torrentDir(infoHash), { recursive: true, force: true });
  }

  /**
   * Data from an earlier run is either kept (keep_files: webtorrent re-verifies its pieces
   * when the torrent comes back, and the disk budget counts it meanwhile) or deleted, so
   * nothing under data_dir is ever unaccounted for.
   */
  private async purgeLeftovers(): Promise<void> {
    if (this.options.keepFiles) return;
    const leftovers = await readdir(this.torrentsDir()).catch(() => []);
    await rm(this.torrentsDir(), { recursive: true, force: true });
    if (leftovers.length > 0) this.logger.log(`deleted data of ${leftovers.length} torrents left by an earlier run`);
  }

  torrentDir(infoHash: string): string {
    return join(this.torrentsDir(), infoHash);
  }

  torrentsDir(): string {
    return join(this.options.dataDir, 'torrents');
  }

  async onApplicationShutdown(): Promise<void> {
    this.restoreNagle?.();
    this.restorePieceAssembly?.();
    if (!this.client) return;
    this.logger.log('stopping torrent client');
    await new Promise<void>((resolve) => {
      // a peer or tracker that does not answer must not hold the exit up
      const timer = setTimeout(() => {
        this.logger.warn(`torrent client still closing after ${SHUTDOWN_GRACE_MS} ms; exiting anyway`);
        resolve();
      }, SHUTDOWN_GRACE_MS);
      this.client.destroy(() => {
        clearTimeout(timer);
        this.logger.log('torrent client stopped');
        resolve();
      });
    });
  }
}
