import { Inject, Injectable, Logger } from '@nestjs/common';
import { pieceEvictionOrder, takeVictims, type TorrentPieceState } from '#cache';
import { HeldTorrents, type HeldTorrent } from './held-torrents.js';
import { TORRENT_OPTIONS, type TorrentModuleOptions } from './torrent.options.js';
import { forgetPiece, verifiedPieces } from './webtorrent.internals.js';
import type { PieceStore } from './write-behind.store.js';

interface Candidate {
  infoHash: string;
  held: HeldTorrent;
  store: PieceStore;
}

/**
 * Carries out piece-level eviction: asks the policy (libs/cache, pure) which pieces may go
 * in which order, forgets them in webtorrent (bitfield, lt_donthave) and then punches them
 * out of the files. Forgetting comes first and synchronously with the decision, so no
 * reader or peer is served a piece whose bytes are about to become zeros.
 */
@Injectable()
export class PieceEvictor {
  private readonly logger = new Logger(PieceEvictor.name);
  /** One eviction at a time: concurrent piece writes would each free a batch. */
  private running: Promise<number> = Promise.resolve(0);
  private evictedPieces = 0;

  constructor(
    private readonly held: HeldTorrents,
    @Inject(TORRENT_OPTIONS) private readonly options: TorrentModuleOptions,
  ) {}

  /** Pieces evicted since the start. */
  get evicted(): number {
    return this.evictedPieces;
  }

  /** Evicts pieces worth at least `bytes` if the policy allows that many; returns the bytes freed. */
  evict(bytes: number): Promise<number> {
    const run = this.running.then(() => this.evictNow(bytes));
    this.running = run.catch(() => 0);
    return run;
  }

  private async evictNow(bytes: number): Promise<number> {
    const candidates = new Map<string, Candidate>();
    for (const [infoHash, held] of this.held.entries()) {
      const { store, torrent } = held;
      if (store && torrent.ready && !torrent.destroyed) candidates.set(infoHash, { infoHash, held, store });
    }
    const sizeOf = (key: string, piece: number) => {
      const { torrent } = candidates.get(key)!.held;
      return Math.min(torrent.pieceLength, torrent.length - piece * torrent.pieceLength);
    };
    const states = [...candidates.values()].map((candidate) => this.stateOf(candidate));
    const victims = takeVictims(pieceEvictionOrder(states), bytes, (v) => sizeOf(v.key, v.piece));
    const byTorrent = new Map<string, number[]>();
    // forget all first, synchronously with the decision: nothing reads them from here on
    for (const { key, piece } of victims) {
      const { torrent } = candidates.get(key)!.held;
      forgetPiece(torrent, piece);
      // out of the hot-edge prefetch too, or a tight budget would fetch and evict it forever;
      // a reader that comes back to it fetches it through its own window (a public deselect
      // leaves readers' selections alone)
      torrent.deselect(piece, piece);
      byTorrent.set(key, [...(byTorrent.get(key) ?? []), piece]);
    }
    let freed = 0;
    await Promise.all(
      [...byTorrent].map(async ([key, pieces]) => {
        try {
          await candidates.get(key)!.store.evict(pieces);
          for (const piece of pieces) freed += sizeOf(key, piece);
        } catch (err) {
          this.logger.warn({ infoHash: key, pieces: pieces.length, err: (err as Error).message }, 'could not free evicted pieces');
        }
      }),
    );
    this.evictedPieces += victims.length;
    if (victims.length > 0) this.logger.debug(`evicted ${victims.length} pieces (${freed} bytes)`);
    return freed;
  }

  private stateOf({ infoHash, held, store }: Candidate): TorrentPieceState {
    const { torrent } = held;
    const readers = [...held.readers];
    const { pieceLength } = torrent;
    // keep_files: complete files stay whole, normal files
    const kept = this.options.keepFiles
      ? torrent.files.filter((file) => file.progress >= 1 && file.length > 0).map((file) => ({
          from: Math.floor(file.offset / pieceLength),
          to: Math.floor((file.offset + file.length - 1) / pieceLength),
        }))
      : [];
    const isKept = (piece: number) => kept.some((span) => piece >= span.from && piece <= span.to);
    return {
      key: infoHash,
      idle: readers.length === 0,
      onDisk: verifiedPieces(torrent).filter((piece) => !store.isPending(piece) && !isKept(piece)),
      readerPieces: readers.map((reader) => reader.piece),
      windows: readers.flatMap((reader) => (reader.window ? [reader.window] : [])),
      hotEdges: held.hotEdges,
      lastReadAt: (piece) => held.lastRead.get(piece) ?? 0,
    };
  }
}
