import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EvictionHandler, EvictionReason, PieceSpan } from '#cache';
import type { ReaderState } from './file-range.reader.js';
import type { PieceStore } from './write-behind.store.js';
import { TorrentEvents, type TorrentRemovedEvent } from './torrent.events.js';
import { WebTorrentEngine } from './webtorrent.engine.js';
import type { WtTorrent } from './webtorrent.types.js';

export interface HeldTorrent {
  torrent: WtTorrent;
  /** Settles when the metadata is in and the store is verified; never rejects on timeout. */
  ready: Promise<void>;
  /** Open readers: where each is and its window, for eviction and window sizing. */
  readers: Set<ReaderState>;
  /** Files whose tail was raised above their reader's own selection. */
  boostedTails: Set<number>;
  /** Head and tail pieces of its media files, known once the metadata is in. */
  hotEdges: PieceSpan[];
  /** When each piece was last read by a client (ms), for least-recently-read eviction. */
  lastRead: Map<number, number>;
  /** Bytes per second of media files whose duration is known (a probe). */
  bitrates: Map<number, number>;
  /** webtorrent's store for it, once the metadata is in: the piece evictor drops pieces from it. */
  store?: PieceStore;
}

/** A torrent just added: no reader, nothing read yet. */
export function newHeldTorrent(torrent: WtTorrent, ready: Promise<void>): HeldTorrent {
  return { torrent, ready, readers: new Set(), boostedTails: new Set(), hotEdges: [], lastRead: new Map(), bitrates: new Map() };
}

/**
 * The torrents this process holds, and how one is dropped. It is the cache's
 * EVICTION_HANDLER: the cache decides who goes, this carries it out. It depends on the
 * engine only (not on the cache), which keeps the wiring free of cycles.
 */
@Injectable()
export class HeldTorrents implements EvictionHandler {
  private readonly logger = new Logger('TorrentService');
  private readonly held = new Map<string, HeldTorrent>();

  constructor(
    private readonly engine: WebTorrentEngine,
    private readonly events: EventEmitter2,
  ) {}

  get(infoHash: string): HeldTorrent | undefined {
    return this.held.get(infoHash);
  }

  has(infoHash: string): boolean {
    return this.held.has(infoHash);
  }

  set(infoHash: string, held: HeldTorrent): void {
    this.held.set(infoHash, held);
  }

  /** Forgets a torrent that failed by itself (nothing to stop). */
  forget(infoHash: string, torrent: WtTorrent): boolean {
    if (this.held.get(infoHash)?.torrent !== torrent) return false;
    this.held.delete(infoHash);
    return true;
  }

  entries(): IterableIterator<[string, HeldTorrent]> {
    return this.held.entries();
  }

  /** Open readers across every torrent (a window each). */
  activeReaders(): number {
    let readers = 0;
    for (const held of this.held.values()) readers += held.readers.size;
    return readers;
  }

  /** The cache chose this torrent (LRU for room, or idle); it is no longer tracked there. */
  async evict(infoHash: string, reason: EvictionReason): Promise<void> {
    if (!this.held.has(infoHash)) return;
    await this.drop(infoHash, `evicted (${reason})`);
  }

  /** Stops the torrent, deletes its data unless kept, and awaits the TorrentEvents.Removed listeners. */
  async drop(infoHash: string, why: string): Promise<void> {
    const held = this.held.get(infoHash);
    if (!held) return;
    this.held.delete(infoHash);
    await this.engine.remove(held.torrent, infoHash);
    try {
      await this.events.emitAsync(TorrentEvents.Removed, { infoHash } satisfies TorrentRemovedEvent);
    } catch (err) {
      this.logger.warn({ infoHash, err: (err as Error).message }, 'cleanup after removal failed');
    }
    this.logger.log({ infoHash }, `torrent ${why}`);
  }
}
