/** An inclusive range of piece indices. */
export interface PieceSpan {
  from: number;
  to: number;
}

/** What the policy needs to know about one held torrent's pieces. */
export interface TorrentPieceState {
  key: string;
  /** No open reader: every piece may go, before any piece of a torrent being watched. */
  idle: boolean;
  /** Pieces on disk that may be dropped (not those of complete files kept by keep_files). */
  onDisk: Iterable<number>;
  /** Each reader's current piece. */
  readerPieces: readonly number[];
  /** Each reader's read-ahead window: never evicted. */
  windows: readonly PieceSpan[];
  /** Head and tail of media files (moov, cues): players come back to them. */
  hotEdges: readonly PieceSpan[];
  /** When each piece was last read (ms); a piece never read counts as read at 0. */
  lastReadAt: (piece: number) => number;
}

export interface PieceVictim {
  key: string;
  piece: number;
}

/**
 * Rank of a piece among eviction victims, lowest first; undefined when it must stay.
 *  0. a piece of an idle torrent;
 *  1. behind every reader of its torrent, outside every window and the hot edges: played;
 *  2. outside every window and the hot edges but ahead of some reader (left by a seek);
 *  3. a hot edge outside every window;
 *  never: inside a reader's window.
 */
export function evictionTier(state: TorrentPieceState, piece: number): number | undefined {
  if (state.idle) return 0;
  if (within(state.windows, piece)) return undefined;
  if (within(state.hotEdges, piece)) return 3;
  return state.readerPieces.every((reader) => piece < reader) ? 1 : 2;
}

/**
 * Every piece that may be evicted, in the order to evict them: by tier (see evictionTier),
 * then least recently read first, then the piece furthest from any reader first.
 */
export function pieceEvictionOrder(torrents: readonly TorrentPieceState[]): PieceVictim[] {
  const ranked: { key: string; piece: number; tier: number; readAt: number; distance: number }[] = [];
  for (const state of torrents) {
    for (const piece of state.onDisk) {
      const tier = evictionTier(state, piece);
      if (tier === undefined) continue;
      const distance = Math.min(Infinity, ...state.readerPieces.map((reader) => Math.abs(reader - piece)));
      ranked.push({ key: state.key, piece, tier, readAt: state.lastReadAt(piece), distance });
    }
  }
  ranked.sort((a, b) => a.tier - b.tier || a.readAt - b.readAt || b.distance - a.distance || a.piece - b.piece);
  return ranked.map(({ key, piece }) => ({ key, piece }));
}

/** The first victims of `order` whose sizes add up to at least `bytes`. */
export function takeVictims(
  order: readonly PieceVictim[],
  bytes: number,
  sizeOf: (victim: PieceVictim) => number,
): PieceVictim[] {
  const taken: PieceVictim[] = [];
  let freed = 0;
  for (const victim of order) {
    if (freed >= bytes) break;
    taken.push(victim);
    freed += sizeOf(victim);
  }
  return taken;
}

function within(spans: readonly PieceSpan[], piece: number): boolean {
  return spans.some((span) => piece >= span.from && piece <= span.to);
}
