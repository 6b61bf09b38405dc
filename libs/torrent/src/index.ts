export { TorrentModule } from './torrent.module.js';
export { TorrentService, type SourceLookup } from './torrent.service.js';
export { TorrentEvents, type TorrentRemovedEvent } from './torrent.events.js';
export { DISK_GATE, type DiskGate } from './disk.gate.js';
export { WebTorrentEngine, type TransferTotals } from './webtorrent.engine.js';
export { TORRENT_OPTIONS, type TorrentModuleOptions } from './torrent.options.js';
export { TorrentError, TorrentErrorCode } from './torrent.errors.js';
export { isInfoHash, normalizeInfoHash } from './info-hash.util.js';
export {
  sourceFromInfoHash,
  sourceFromMagnet,
  sourceFromTorrentFile,
  type TorrentSource,
} from './torrent-source.util.js';
export { mediaKindOf, mimeTypeOf, type MediaKind } from './media-type.util.js';
export type { FileRange, TorrentFileInfo, TorrentInfo } from './torrent.types.js';
export { DEFAULT_READAHEAD, type ReadaheadLimits } from './readahead.util.js';
export { compareNatural, nextInNaturalOrder } from './natural-sort.util.js';
export { PieceEvictor } from './piece.evictor.js';
export { NextEpisodePrefetcher } from './next-episode.prefetcher.js';
export { isLent, lendChunk, releaseChunk } from './chunk-lease.js';
