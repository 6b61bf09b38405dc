import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EvictionHandler, EvictionReason } from '#cache';
import { TorrentEvents, type TorrentRemovedEvent } from './torrent.events.js';
import { WebTorrentEngine } from './webtorrent.engine.js';
import type { WtTorrent } from './webtorrent.types.js';

export interface HeldTorrent {
  torrent: WtTorrent;
  /** Settles when the metadata is in and the store is verified; never rejects on timeout. */
  ready: Promise<void>;
  readers: number;
  /** Files whose tail was raised above their reader's own selection. */
  boostedTails: Set<number>;
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
