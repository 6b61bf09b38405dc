/**
 * Where torrent sources are kept under their info hash, so that any node can add a torrent
 * another node was given: in memory for one node, Redis for several. A source is what a
 * client sent, encoded by `encodeSource`: a magnet (its trackers and peers) or .torrent bytes.
 */
export interface SourceStore {
  /** What backs the store, for /stats. */
  readonly kind: 'memory' | 'redis';
  save(infoHash: string, encoded: Uint8Array, ttlMs: number): Promise<void>;
  load(infoHash: string): Promise<Uint8Array | undefined>;
  /** Pushes the expiry of these sources `ttlMs` ahead; unknown hashes are skipped. */
  refresh(infoHashes: readonly string[], ttlMs: number): Promise<void>;
}

export const SOURCE_STORE = Symbol('SOURCE_STORE');
