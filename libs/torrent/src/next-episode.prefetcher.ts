import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { ReaderState } from './file-range.reader.js';
import type { HeldTorrent } from './held-torrents.js';
import { hotEdgePieces } from './hot-edges.util.js';
import { mediaKindOf } from './media-type.util.js';
import { nextInNaturalOrder } from './natural-sort.util.js';
import { nextEpisodeDue } from './next-episode.util.js';
import { TorrentEvents, type TorrentRemovedEvent } from './torrent.events.js';
import { addSelection, hasPiece, removeSelection, type SelectionItem } from './webtorrent.internals.js';

/** Idle bandwidth only: never ahead of a reader's window (1), whatever the shuffle of prioritised selections. */
const PREFETCH_PRIORITY = 0;

/** A seek closes one reader and opens the next: the viewer has left only if none comes back within this. */
const LEAVE_GRACE_MS = 3_000;

interface Prefetch {
  /** The file being watched, and the next episode whose head and tail are fetched. */
  fileId: number;
  nextId: number;
  items: SelectionItem[];
  leaving?: NodeJS.Timeout;
}

/**
 * Next-episode prefetch: once a reader of a media file passes about 90 % of it (or its last
 * minutes), the head and tail of the next media file in natural order (`E02` after `E01`,
 * `10` after `9`) are fetched with idle bandwidth, so the next episode starts like a cached
 * one: players read both ends first (moov, cues). The pieces go through the disk gate like
 * any other and are hot edges for the eviction policy. It stops when the viewer leaves (every
 * reader of the file closed before its end, and none back within LEAVE_GRACE_MS) or the
 * torrent goes; a viewer who played to the end is about to start the next episode, so it goes on.
 */
@Injectable()
export class NextEpisodePrefetcher {
  private readonly logger = new Logger(NextEpisodePrefetcher.name);
  private readonly running = new Map<string, Prefetch[]>();

  /** A reader moved on: starts the next episode's prefetch once it is due. */
  readerMoved(infoHash: string, held: HeldTorrent, reader: ReaderState): void {
    const { torrent } = held;
    const file = torrent.files[reader.fileId];
    const kind = file ? mediaKindOf(file.name) : 'other';
    if (!file || kind === 'other' || torrent.destroyed) return;
    const running = this.running.get(infoHash) ?? [];
    const existing = running.find((prefetch) => prefetch.fileId === reader.fileId);
    if (existing) {
      clearTimeout(existing.leaving);
      return;
    }
    if (!nextEpisodeDue(file.length, reader.position - file.offset, held.bitrates.get(reader.fileId))) return;
    const next = nextInNaturalOrder(torrent.files, file, (f) => f.path, (f) => mediaKindOf(f.name) === kind);
    if (!next) return;
    const items = hotEdgePieces(next.offset, next.length, torrent.pieceLength)
      .filter((span) => !allVerified(held, span.from, span.to))
      .map((span) => addSelection(torrent, span.from, span.to, PREFETCH_PRIORITY));
    const nextId = torrent.files.indexOf(next);
    this.running.set(infoHash, [...running, { fileId: reader.fileId, nextId, items }]);
    this.logger.log({ infoHash, fileId: reader.fileId, nextId, spans: items.length }, 'prefetching the next episode');
  }

  /** A reader closed: unless it played its file to the end, the prefetch stops once no reader of the file is left. */
  readerClosed(infoHash: string, held: HeldTorrent, reader: ReaderState): void {
    const prefetch = this.running.get(infoHash)?.find((p) => p.fileId === reader.fileId);
    const file = held.torrent.files[reader.fileId];
    if (!prefetch || !file || reader.position >= file.offset + file.length) return;
    clearTimeout(prefetch.leaving);
    prefetch.leaving = setTimeout(() => {
      if ([...held.readers].some((other) => other.fileId === reader.fileId)) return;
      for (const item of prefetch.items) removeSelection(held.torrent, item);
      this.running.set(infoHash, (this.running.get(infoHash) ?? []).filter((p) => p !== prefetch));
      this.logger.log({ infoHash, fileId: reader.fileId, nextId: prefetch.nextId }, 'viewer left: next-episode prefetch stopped');
    }, LEAVE_GRACE_MS);
    prefetch.leaving.unref();
  }

  /** The next files being prefetched for a torrent (by file id). */
  prefetching(infoHash: string): number[] {
    return (this.running.get(infoHash) ?? []).map((prefetch) => prefetch.nextId);
  }

  /** The torrent is gone, and its selections with it. */
  @OnEvent(TorrentEvents.Removed)
  torrentRemoved({ infoHash }: TorrentRemovedEvent): void {
    for (const prefetch of this.running.get(infoHash) ?? []) clearTimeout(prefetch.leaving);
    this.running.delete(infoHash);
  }
}

function allVerified(held: HeldTorrent, from: number, to: number): boolean {
  for (let piece = from; piece <= to; piece++) if (!hasPiece(held.torrent, piece)) return false;
  return true;
}
