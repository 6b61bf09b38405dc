import { compareNatural } from './natural-sort.util.js';
import type { PieceSpan } from '#cache';

export type { PieceSpan };

/** Players read the container index (MP4 moov, MKV cues) from both ends before playing. */
export const HOT_EDGE_BYTES = 4 * 1024 * 1024;

/**
 * Piece spans covering the first and last `edgeBytes` of a file that starts at byte
 * `offset` of the torrent. Overlapping spans (small files) collapse into one.
 */
export function hotEdgePieces(
  offset: number,
  length: number,
  pieceLength: number,
  edgeBytes = HOT_EDGE_BYTES,
): PieceSpan[] {
  if (length <= 0) return [];
  const first = Math.floor(offset / pieceLength);
  const last = Math.floor((offset + length - 1) / pieceLength);
  if (length <= 2 * edgeBytes) return [{ from: first, to: last }];
  const headEnd = Math.floor((offset + edgeBytes - 1) / pieceLength);
  const tailStart = Math.floor((offset + length - edgeBytes) / pieceLength);
  if (tailStart <= headEnd + 1) return [{ from: first, to: last }];
  return [
    { from: first, to: headEnd },
    { from: tailStart, to: last },
  ];
}

/**
 * The media files whose edges are fetched as soon as a torrent is added: the main feature
 * (a file holding at least half the media bytes, e.g. the film beside its extras) and the
 * first in natural order (a season's first episode). A season pack's other episodes get
 * theirs when the one before nears its end (next-episode prefetch), instead of 8 MB per
 * episode up front.
 */
export function filesWithEdgesAtAdd<T extends { path: string; length: number }>(media: readonly T[]): T[] {
  if (media.length === 0) return [];
  const total = media.reduce((sum, file) => sum + file.length, 0);
  const first = media.reduce((best, file) => (compareNatural(file.path, best.path) < 0 ? file : best));
  const main = media.find((file) => file.length * 2 >= total);
  return main && main !== first ? [main, first] : [first];
}
