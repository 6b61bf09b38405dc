/** Players read the container index (MP4 moov, MKV cues) from both ends before playing. */
export const HOT_EDGE_BYTES = 4 * 1024 * 1024;

export interface PieceSpan {
  from: number;
  to: number;
}

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
