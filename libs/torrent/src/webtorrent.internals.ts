/**
 * The one place that touches webtorrent's private internals (webtorrent is pinned to an
 * exact version in package.json for this reason). Each accessor checks the shape it reads
 * and answers `undefined` / does nothing when the shape moved, so a webtorrent upgrade
 * degrades a speed-up instead of crashing a stream; webtorrent.internals.spec.ts fails
 * loudly when one of these shapes changes.
 *
 * Read here: `file._torrent`, `torrent._selections` (length/get), `torrent.wires[].requests`,
 * `wire.cancel(piece, offset, length)` and `torrent._destroy(err)`.
 */
import type { WtFile } from './webtorrent.types.js';

/** An inclusive range of piece indexes. */
export interface PieceSpan {
  from: number;
  to: number;
}

/** One block request sent to a peer and not answered yet. */
export interface BlockRequest {
  piece: number;
  offset: number;
  length: number;
}

interface SelectionItem {
  from: number;
  to: number;
  offset: number;
}

interface WireInternals {
  requests?: unknown;
  cancel?: unknown;
}

/** The private side of a webtorrent Torrent, as far as we read it. */
export interface TorrentInternals {
  destroyed?: boolean;
  wires?: unknown;
  _selections?: { length?: unknown; get?: unknown };
  _destroy?: unknown;
  destroy?: unknown;
}

/** The torrent a file belongs to (`file._torrent`), or undefined when that field moved. */
export function torrentOfFile(file: WtFile): TorrentInternals | undefined {
  const torrent = (file as unknown as { _torrent?: unknown })._torrent;
  return typeof torrent === 'object' && torrent !== null ? (torrent) : undefined;
}

/**
 * The pieces some selection (a reader's, the hot edges) still wants, from `_selections`.
 * A selection item covers pieces `from + offset .. to` (a stream selection advances `offset`).
 */
export function selectedPieceSpans(torrent: TorrentInternals): PieceSpan[] | undefined {
  const selections = torrent._selections;
  if (!selections || typeof selections.get !== 'function' || typeof selections.length !== 'number') return undefined;
  const get = selections.get as (index: number) => SelectionItem | undefined;
  const spans: PieceSpan[] = [];
  for (let i = 0; i < selections.length; i++) {
    const item = get.call(selections, i);
    if (item && typeof item.from === 'number' && typeof item.to === 'number') {
      spans.push({ from: item.from + (typeof item.offset === 'number' ? item.offset : 0), to: item.to });
    }
  }
  return spans;
}

/** Every peer wire's outstanding block requests, with how to cancel one; wires whose shape moved are skipped. */
export function outstandingRequests(torrent: TorrentInternals): { requests: BlockRequest[]; cancel: (request: BlockRequest) => void }[] {
  if (!Array.isArray(torrent.wires)) return [];
  const out: { requests: BlockRequest[]; cancel: (request: BlockRequest) => void }[] = [];
  for (const wire of torrent.wires as WireInternals[]) {
    const { requests, cancel } = wire;
    if (!Array.isArray(requests) || typeof cancel !== 'function') continue;
    out.push({
      // a copy (cancel() removes the request from wire.requests), of the fields cancel() takes
      requests: (requests as Partial<BlockRequest>[]).filter(isBlockRequest).map(({ piece, offset, length }) => ({ piece, offset, length })),
      cancel: (r) => (cancel as (piece: number, offset: number, length: number) => void).call(wire, r.piece, r.offset, r.length),
    });
  }
  return out;
}

function isBlockRequest(r: Partial<BlockRequest> | null): r is BlockRequest {
  return typeof r?.piece === 'number' && typeof r.offset === 'number' && typeof r.length === 'number';
}

/**
 * Fails the torrent through webtorrent's own error path (`_destroy(err)`: emits 'error',
 * then closes), as it does on a bad store write; falls back to a plain destroy.
 */
export function failTorrent(torrent: TorrentInternals, err: Error): void {
  if (torrent.destroyed) return;
  if (typeof torrent._destroy === 'function') (torrent._destroy as (err: Error) => void).call(torrent, err);
  else if (typeof torrent.destroy === 'function') (torrent.destroy as () => void).call(torrent);
}
