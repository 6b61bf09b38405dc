import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { CacheService } from '#cache';
import { DISK_GATE, type DiskGate } from './disk.gate.js';
import { gatedChunkStore } from './gated-chunk.store.js';
import { HeldTorrents, newHeldTorrent, type HeldTorrent } from './held-torrents.js';
import { filesWithEdgesAtAdd, hotEdgePieces } from './hot-edges.util.js';
import { mediaKindOf } from './media-type.util.js';
import { NextEpisodePrefetcher } from './next-episode.prefetcher.js';
import { readFileRange } from './file-range.reader.js';
import { rampedWindowBytes, readaheadBytes, windowPieces } from './readahead.util.js';
import { describeFile, describeTorrent } from './torrent-stats.util.js';
import { sourceFromInfoHash, type TorrentSource } from './torrent-source.util.js';
import { TorrentError, TorrentErrorCode } from './torrent.errors.js';
import { TORRENT_OPTIONS, type TorrentModuleOptions } from './torrent.options.js';
import type { FileRange, TorrentFileInfo, TorrentInfo } from './torrent.types.js';
import { WebTorrentEngine } from './webtorrent.engine.js';
import type { ChunkStoreClass } from './write-behind.store.js';
import { acknowledgePromptlyWhileStarting } from './prompt-acks.js';
import { peerQueueBlocks } from './request-queue.util.js';
import {
  answerRequestsAskedAgain,
  capRequestQueue,
  refuseMissingPieces,
  requestFirstFromNewPeers,
  servePrioritiesInOrder,
} from './webtorrent.internals.js';
import type { WtFile } from './webtorrent.types.js';

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

/**
 * Decides which torrents are held, when they are ready and what gets read. The cache
 * (LRU, idle sweep, disk budget) decides who goes; this service carries it out.
 */
@Injectable()
export class TorrentService {
  private readonly logger = new Logger(TorrentService.name);
  /** Adds waiting for a cache slot; concurrent requests for one new hash share it. */
  private readonly adding = new Map<string, Promise<HeldTorrent>>();
  /** webtorrent's file store behind the disk gate: no piece lands on disk unbudgeted. */
  private readonly store: ChunkStoreClass;
  private lookupSource: SourceLookup = () => Promise.resolve(undefined);

  constructor(
    private readonly engine: WebTorrentEngine,
    private readonly cache: CacheService,
    private readonly held: HeldTorrents,
    @Inject(DISK_GATE) private readonly gate: DiskGate,
    private readonly nextEpisode: NextEpisodePrefetcher,
    @Inject(TORRENT_OPTIONS) private readonly options: TorrentModuleOptions,
  ) {
    this.store = gatedChunkStore(gate);
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
    if (!wait) return describeTorrent(infoHash, held.torrent, held.readers.size);
    // pinned while waiting, so a burst of adds cannot evict the torrent we wait for
    const release = this.cache.acquire(infoHash);
    try {
      await this.waitReady(infoHash, held);
    } finally {
      release();
    }
    return describeTorrent(infoHash, held.torrent, held.readers.size);
  }

  /** The torrents held right now, ready or not. */
  list(): TorrentInfo[] {
    return [...this.held.entries()].map(([infoHash, held]) => describeTorrent(infoHash, held.torrent, held.readers.size));
  }

  /** Stops the torrent and, unless files are kept, deletes its data. */
  async remove(infoHash: string): Promise<void> {
    if (!this.held.has(infoHash)) {
      throw new TorrentError(TorrentErrorCode.TorrentNotFound, `torrent ${infoHash} is not held`);
    }
    this.cache.remove(infoHash);
    await this.held.drop(infoHash, 'deleted');
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
   * neither idle torrents nor pieces outside every reader's window can be evicted to make
   * room. Complete files need no room.
   */
  async ensureRoomToRead(infoHash: string, fileId: number): Promise<void> {
    const torrent = this.held.get(infoHash)?.torrent;
    const file = this.wtFile(infoHash, fileId);
    if (!torrent || file.progress >= 1) return;
    await this.gate.ensureRoom(infoHash, torrent.pieceLength);
  }

  /**
   * A stream of exactly `range` of the file that keeps a read-ahead window selected ahead
   * of what the client consumed (see readFileRange); destroying it (client gone) drops the
   * window at once. While it is open the torrent counts as in use and is never evicted
   * whole; pieces behind it may be.
   */
  openRange(infoHash: string, fileId: number, range: FileRange): Readable {
    const file = this.wtFile(infoHash, fileId);
    const held = this.held.get(infoHash)!;
    const { torrent } = held;
    const { stream, state } = readFileRange(torrent, file, fileId, range.start, range.end, {
      windowPieces: (consumed) => windowPieces(this.windowBytes(held, fileId, consumed), torrent.pieceLength),
      onFirstChunk: () => this.boostTail(held, fileId),
      onPieceRead: (piece) => {
        held.lastRead.set(piece, Date.now());
        this.nextEpisode.readerMoved(infoHash, held, state);
      },
    });
    held.readers.add(state);
    const release = this.cache.acquire(infoHash);
    stream.once('close', () => {
      held.readers.delete(state);
      this.nextEpisode.readerClosed(infoHash, held, state);
      release();
    });
    return stream;
  }

  /** Records a media file's duration (e.g. from a probe), so its windows are sized in seconds of media. */
  noteDuration(infoHash: string, fileId: number, durationSeconds: number): void {
    const held = this.held.get(infoHash);
    const file = held?.torrent.files[fileId];
    if (held && file && Number.isFinite(durationSeconds) && durationSeconds > 0) held.bitrates.set(fileId, file.length / durationSeconds);
  }

  activeReaders(): number {
    return this.held.activeReaders();
  }

  /**
   * The window of a reader of `fileId` that has handed `consumed` bytes to its client:
   * `readahead` of media time, within the budget's share per reader, ramped up from two pieces.
   */
  private windowBytes(held: HeldTorrent, fileId: number, consumed: number): number {
    const { readahead } = this.options;
    const budget = { limitBytes: this.cache.stats().diskBudgetBytes, readers: this.held.activeReaders() };
    const full = readaheadBytes(readahead, held.torrent.pieceLength, held.bitrates.get(fileId), budget);
    return readahead.ramp ? rampedWindowBytes(full, consumed, held.torrent.pieceLength) : full;
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
    // webtorrent makes the store once the metadata is in, always after add() returned
    const torrent = this.engine.add(infoHash, source.torrentId, this.store, source.announce, (store) => (held.store = store));
    servePrioritiesInOrder(torrent);
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
      if (this.held.forget(infoHash, torrent)) this.cache.remove(infoHash);
    });
    torrent.on('warning', (err: Error) => this.logger.debug({ infoHash, warning: err.message }));
    torrent.on('wire', (wire: unknown) => {
      refuseMissingPieces(torrent, wire);
      answerRequestsAskedAgain(wire);
      capRequestQueue(wire, peerQueueBlocks);
      acknowledgePromptlyWhileStarting(wire);
    });
    const held = newHeldTorrent(torrent, ready);
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

  /** Every media file's edges are hot for eviction; those of the likely first file are fetched now. */
  private prioritiseHotEdges(held: HeldTorrent): void {
    const { torrent } = held;
    const media = torrent.files.filter((file) => mediaKindOf(file.name) !== 'other');
    for (const file of media) held.hotEdges.push(...hotEdgePieces(file.offset, file.length, torrent.pieceLength));
    const fetchedNow = filesWithEdgesAtAdd(media);
    for (const file of fetchedNow) {
      for (const span of hotEdgePieces(file.offset, file.length, torrent.pieceLength)) torrent.select(span.from, span.to, IDLE_EDGE_PRIORITY);
    }
    // the likely first file's first piece, not the tail's last, is what the peers' first (slowest) answers carry
    if (fetchedNow[0]) requestFirstFromNewPeers(torrent, Math.floor(fetchedNow[0].offset / torrent.pieceLength), IDLE_EDGE_PRIORITY);
  }

  /** Once per file, after its first bytes went out: the tail above the reader's own selection. */
  private boostTail(held: HeldTorrent, fileId: number): void {
    const { torrent } = held;
    const file = torrent.files[fileId];
    if (torrent.destroyed || !file || held.boostedTails.has(fileId) || mediaKindOf(file.name) === 'other') return;
    held.boostedTails.add(fileId);
    const tail = hotEdgePieces(file.offset, file.length, torrent.pieceLength).at(-1);
    if (tail) torrent.select(tail.from, tail.to, PLAYED_TAIL_PRIORITY);
  }
}
