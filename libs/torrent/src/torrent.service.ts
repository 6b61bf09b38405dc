import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { CacheError, CacheErrorCode, CacheService, EvictionReason } from '#cache';
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
  /** Files whose tail was raised above their reader's own selection. */
  boostedTails: Set<number>;
}

export type TorrentRemovedListener = (infoHash: string) => Promise<void> | void;
/** Finds a fuller source (stored magnet or .torrent) for a bare info hash; undefined if none. */
export type SourceLookup = (infoHash: string) => Promise<TorrentSource | undefined>;

/**
 * Piece priorities: a reader's own selection is 1 in webtorrent. At add time the edges of
 * media files only fill idle bandwidth (above 1 they would delay a seek: webtorrent serves
 * selections strictly by priority). Once a reader of a file has its first bytes, that
 * file's tail goes above it, since players jump to the index (moov, cues) next.
 */
const PLAYED_TAIL_PRIORITY = 2;
const IDLE_EDGE_PRIORITY = 0;

/** A blocked piece write re-checks the disk budget this often. */
const DISK_RETRY_MS = 1_000;

/**
 * Decides which torrents are held, when they are ready and what gets read. The cache
 * (LRU, idle sweep, disk budget) decides who goes; this service carries it out.
 */
@Injectable()
export class TorrentService implements OnModuleInit {
  private readonly logger = new Logger(TorrentService.name);
  private readonly held = new Map<string, HeldTorrent>();
  /** Adds waiting for a cache slot; concurrent requests for one new hash share it. */
  private readonly adding = new Map<string, Promise<HeldTorrent>>();
  private readonly removedListeners: TorrentRemovedListener[] = [];
  private lookupSource: SourceLookup = () => Promise.resolve(undefined);

  constructor(
    private readonly engine: WebTorrentEngine,
    private readonly cache: CacheService,
    @Inject(TORRENT_OPTIONS) private readonly options: TorrentModuleOptions,
  ) {}

  onModuleInit(): void {
    this.cache.setEvictionHandler((infoHash, reason) => this.evict(infoHash, reason));
    this.engine.setWriteGate((infoHash, bytes) => this.admitWrite(infoHash, bytes));
  }

  /** Called after a torrent is dropped, e.g. to delete its HLS segments. */
  onRemoved(listener: TorrentRemovedListener): void {
    this.removedListeners.push(listener);
  }

  /** Where a bare info hash looks first, before the configured trackers (e.g. a shared source store). */
  useSourceLookup(lookup: SourceLookup): void {
    this.lookupSource = lookup;
  }

  /**
   * Holds the torrent for a bare info hash and waits for its metadata. A torrent not held
   * is added from its looked-up source, else with the configured trackers.
   */
  async ensureByHash(rawInfoHash: string, options: { wait?: boolean } = {}): Promise<TorrentInfo> {
    const bare = sourceFromInfoHash(rawInfoHash, this.options.trackers);
    if (this.held.has(bare.infoHash) || this.adding.has(bare.infoHash)) return this.ensure(bare, options);
    return this.ensure((await this.lookupSource(bare.infoHash)) ?? bare, options);
  }

  /**
   * Adds the torrent unless it is held, then waits up to `metadataTimeoutMs` for its
   * metadata (unless `wait` is false: then it answers as soon as the torrent is held).
   * Concurrent callers share one add. On timeout the torrent keeps trying, so a retry
   * can still succeed.
   */
  async ensure(source: TorrentSource, { wait = true }: { wait?: boolean } = {}): Promise<TorrentInfo> {
    const { infoHash } = source;
    const held = this.held.get(infoHash) ?? (await this.addOnce(source));
    this.cache.touch(infoHash);
    if (!wait) return describeTorrent(infoHash, held.torrent, held.readers);
    // pinned while waiting, so a burst of adds cannot evict the torrent we wait for
    const release = this.cache.acquire(infoHash);
    try {
      await this.waitReady(infoHash, held);
    } finally {
      release();
    }
    return describeTorrent(infoHash, held.torrent, held.readers);
  }

  /** The torrents held right now, ready or not. */
  list(): TorrentInfo[] {
    return [...this.held].map(([infoHash, held]) => describeTorrent(infoHash, held.torrent, held.readers));
  }

  /** Stops the torrent and, unless files are kept, deletes its data. */
  async remove(infoHash: string): Promise<void> {
    if (!this.held.has(infoHash)) {
      throw new TorrentError(TorrentErrorCode.TorrentNotFound, `torrent ${infoHash} is not held`);
    }
    this.cache.remove(infoHash);
    await this.drop(infoHash, 'deleted');
  }

  /** The metainfo (.torrent) file; adds the torrent when it is not held and waits for its metadata. */
  async metainfo(infoHash: string): Promise<Uint8Array> {
    await this.ensureByHash(infoHash);
    const file = this.held.get(infoHash)?.torrent.torrentFile;
    if (!file) throw new TorrentError(TorrentErrorCode.TorrentNotFound, `torrent ${infoHash} was removed`);
    return file;
  }

  /** Metadata of one file; adds the torrent when it is not held. */
  async fileInfo(infoHash: string, fileId: number): Promise<TorrentFileInfo> {
    await this.ensureByHash(infoHash);
    return describeFile(this.wtFile(infoHash, fileId), fileId);
  }

  /**
   * Refuses a read that would download into a full disk budget (DiskFull → 507) when
   * nothing idle can be evicted to make room. Complete files need no room.
   */
  async ensureRoomToRead(infoHash: string, fileId: number): Promise<void> {
    const torrent = this.held.get(infoHash)?.torrent;
    const file = this.wtFile(infoHash, fileId);
    if (!torrent || file.progress >= 1) return;
    await this.cache.ensureDiskRoom(torrent.pieceLength, infoHash);
  }

  /**
   * A stream of exactly `range` of the file. Pieces are fetched in reading order from
   * `range.start`; destroying the stream (client gone) releases its piece selection.
   * While it is open the torrent counts as in use and is never evicted.
   */
  openRange(infoHash: string, fileId: number, range: FileRange): Readable {
    const held = this.held.get(infoHash);
    const stream = readFileRange(this.wtFile(infoHash, fileId), range.start, range.end, () => {
      if (held) this.boostTail(held, fileId);
    });
    if (held) {
      held.readers += 1;
      const release = this.cache.acquire(infoHash);
      stream.once('close', () => {
        held.readers -= 1;
        release();
      });
    }
    return stream;
  }

  activeReaders(): number {
    let readers = 0;
    for (const held of this.held.values()) readers += held.readers;
    return readers;
  }

  get downloadSpeed(): number {
    return Math.round(this.engine.downloadSpeed);
  }

  get uploadSpeed(): number {
    return Math.round(this.engine.uploadSpeed);
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

  private addOnce(source: TorrentSource): Promise<HeldTorrent> {
    const pending = this.adding.get(source.infoHash);
    if (pending) return pending;
    const adding = this.cache
      .admit(source.infoHash)
      .then(() => this.held.get(source.infoHash) ?? this.add(source))
      .finally(() => this.adding.delete(source.infoHash));
    this.adding.set(source.infoHash, adding);
    return adding;
  }

  private add(source: TorrentSource): HeldTorrent {
    const { infoHash } = source;
    const torrent = this.engine.add(infoHash, source.torrentId, source.announce);
    const ready = new Promise<void>((resolve) => {
      torrent.once('ready', () => {
        this.logger.log({ infoHash, name: torrent.name, files: torrent.files.length }, 'torrent metadata ready');
        this.prioritiseHotEdges(held);
        resolve();
      });
      torrent.once('close', resolve);
    });
    torrent.on('error', (err: Error) => {
      this.logger.warn({ infoHash, err: err.message }, 'torrent failed');
      if (this.held.get(infoHash)?.torrent === torrent) {
        this.held.delete(infoHash);
        this.cache.remove(infoHash);
      }
    });
    torrent.on('warning', (err: Error) => this.logger.debug({ infoHash, warning: err.message }));
    const held: HeldTorrent = { torrent, ready, readers: 0, boostedTails: new Set() };
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

  private prioritiseHotEdges(held: HeldTorrent): void {
    for (const file of held.torrent.files) {
      if (!isPlayableMedia(file.name)) continue;
      for (const span of hotEdgePieces(file.offset, file.length, held.torrent.pieceLength)) {
        held.torrent.select(span.from, span.to, IDLE_EDGE_PRIORITY);
      }
    }
  }

  /** Once per file, after its first bytes went out: the tail above the reader's own selection. */
  private boostTail(held: HeldTorrent, fileId: number): void {
    const { torrent } = held;
    const file = torrent.files[fileId];
    if (torrent.destroyed || !file || held.boostedTails.has(fileId) || !isPlayableMedia(file.name)) return;
    held.boostedTails.add(fileId);
    const tail = hotEdgePieces(file.offset, file.length, torrent.pieceLength).at(-1);
    if (tail) torrent.select(tail.from, tail.to, PLAYED_TAIL_PRIORITY);
  }

  /** The cache chose this torrent (LRU for room, or idle); it is no longer tracked there. */
  private async evict(infoHash: string, reason: EvictionReason): Promise<void> {
    if (!this.held.has(infoHash)) return;
    await this.drop(infoHash, `evicted (${reason})`);
  }

  private async drop(infoHash: string, why: string): Promise<void> {
    const held = this.held.get(infoHash);
    if (!held) return;
    this.held.delete(infoHash);
    await this.engine.remove(held.torrent, infoHash);
    for (const listener of this.removedListeners) {
      try {
        await listener(infoHash);
      } catch (err) {
        this.logger.warn({ infoHash, err: (err as Error).message }, 'cleanup after removal failed');
      }
    }
    this.logger.log({ infoHash }, `torrent ${why}`);
  }

  /**
   * Holds a verified piece until the disk budget has room for it, evicting idle torrents
   * first. Waiting (instead of failing) keeps the stream alive: webtorrent serves the
   * held piece from memory meanwhile, and room appears when another reader closes.
   */
  private async admitWrite(infoHash: string, bytes: number): Promise<void> {
    let warned = false;
    for (;;) {
      if (!this.held.has(infoHash)) throw new Error(`torrent ${infoHash} was removed`);
      try {
        await this.cache.ensureDiskRoom(bytes, infoHash);
        return;
      } catch (err) {
        if (!(err instanceof CacheError) || err.code !== CacheErrorCode.DiskFull) throw err;
        if (!warned) this.logger.warn({ infoHash }, `disk budget full, piece write waits: ${err.message}`);
        warned = true;
        await sleep(DISK_RETRY_MS);
      }
    }
  }
}
