/**
 * The one place that touches webtorrent's private internals (webtorrent is pinned to an
 * exact version in package.json for this reason); webtorrent.internals.spec.ts pins every
 * shape read here against the installed webtorrent, so an upgrade that moves one fails there.
 *
 * Two kinds of access:
 * - speed-ups and fixes (`_destroy`, `_selections.swap`, a wire's `_onRequest`, `request` and
 *   `peerExtendedHandshake.reqq`)
 *   check the shape they read and do nothing when it moved, so an upgrade degrades them
 *   instead of crashing a stream;
 * - what read-ahead windows and piece eviction cannot work without (`_selections.insert`,
 *   `_updateSelections`, `bitfield`, `store.get`, `_markUnverified`, `_checkDone`,
 *   `wire.lt_donthave`) goes through `required()`, which throws an error naming the field.
 *
 * torrent-piece, the piece assembly webtorrent depends on, is patched in piece-assembly.ts
 * (pinned the same way, with its own contract spec).
 */
import type { PieceSpan } from '#cache';
import type { WireTiming } from './request-queue.util.js';
import type { WtTorrent } from './webtorrent.types.js';

export type { PieceSpan };

/** A selection item as webtorrent's Selections keeps it (`offset`: pieces at the start already in). */
export interface SelectionItem {
  from: number;
  to: number;
  offset: number;
  priority: number;
  isStreamSelection: boolean;
}

interface WireInternals {
  destroyed?: boolean;
  lt_donthave?: { donthave?: unknown };
}

/** The private side of a webtorrent Torrent, as far as the speed-ups read it. */
export interface TorrentInternals {
  destroyed?: boolean;
  bitfield?: { get?: unknown };
  _destroy?: unknown;
  destroy?: unknown;
}

/** The private side windows and eviction need; checked by `required()`. */
interface Required {
  destroyed: boolean;
  _selections: {
    insert(item: SelectionItem): void;
    sort(compare: (a: SelectionItem, b: SelectionItem) => number): void;
    [Symbol.iterator](): Iterator<SelectionItem & { remove(): void }>;
  };
  _updateSelections(): void;
  _markUnverified(index: number): void;
  _checkDone(): boolean;
  bitfield: { get(index: number): boolean };
  wires: WireInternals[];
  store: { get(index: number, opts: { offset: number; length: number; lend?: boolean }, cb: (err: Error | null, buf?: Uint8Array) => void): void };
}

const REQUIRED_SHAPE: Record<string, 'object' | 'function'> = {
  _selections: 'object',
  _updateSelections: 'function',
  _markUnverified: 'function',
  _checkDone: 'function',
  bitfield: 'object',
  wires: 'object',
};

function required(torrent: WtTorrent): Required {
  const t = torrent as unknown as Record<string, unknown>;
  for (const [field, type] of Object.entries(REQUIRED_SHAPE)) {
    if (typeof t[field] !== type) throw new Error(`webtorrent internals changed: torrent.${field} is not a ${type}`);
  }
  return torrent as unknown as Required;
}

/** How many selections readers hold (`isStreamSelection`), e.g. to check that seeks leave none behind. */
export function streamSelectionCount(torrent: WtTorrent): number {
  return streamSelections(torrent).length;
}

/** The selections readers hold, in the order webtorrent serves them. */
export function streamSelections(torrent: WtTorrent): { from: number; to: number; priority: number }[] {
  if (torrent.destroyed) return [];
  const held: { from: number; to: number; priority: number }[] = [];
  for (const { from, to, priority, isStreamSelection } of required(torrent)._selections) if (isStreamSelection) held.push({ from, to, priority });
  return held;
}

/**
 * Adds a selection that only `removeSelection` removes, as webtorrent's own file streams
 * do: `torrent.deselect(from, to)` would cut every selection overlapping the range, other
 * readers' included. Higher priorities are requested first.
 */
export function addSelection(torrent: WtTorrent, from: number, to: number, priority: number): SelectionItem {
  const t = required(torrent);
  const item: SelectionItem = { from, to, offset: 0, priority, isStreamSelection: true };
  t._selections.insert(item);
  t._selections.sort((a, b) => b.priority - a.priority);
  t._updateSelections();
  return item;
}

/**
 * Makes `piece` the one webtorrent asks a new peer for first. Until a wire has delivered a
 * block, webtorrent sends it a single request (`validateWire`): a block of the last piece of
 * the selection it ranks last (the lowest priority, added last), and it asks for nothing
 * else until that block arrives. A peer's first answer is its slowest (60–100 ms from a
 * webtorrent seeder on loopback before prompt-acks.ts), so it had better be a block a player
 * waits for, not the last piece of the file's tail. A one-piece selection added last at the lowest
 * priority is that selection; it is a stream selection so that webtorrent does not merge it
 * into the adjacent edge selection. webtorrent drops it once the piece is in.
 */
export function requestFirstFromNewPeers(torrent: WtTorrent, piece: number, lowestPriority: number): void {
  addSelection(torrent, piece, piece, lowestPriority);
}

/** What `servePrioritiesInOrder` replaces on a torrent's Selections. */
interface SwappingSelections {
  swap?: unknown;
}

/**
 * Keeps webtorrent from reordering selections behind a higher priority. Each time a wire's
 * request queue fills up on a selection with a priority, webtorrent swaps that selection with
 * the last one that has any priority (`shufflePriority`, meant to share a wire between equal
 * selections): a reader's first piece (FIRST_PIECE_PRIORITY) then goes behind every other
 * reader's read-ahead window (priority 1) until the next selection change sorts the list
 * again, and among equal ones each piece gets a block in turn, so they all complete late
 * instead of one after another. Selections are then served strictly by priority, and the
 * oldest first among equals. Torrents whose shape moved keep webtorrent's order.
 */
export function servePrioritiesInOrder(torrent: WtTorrent): void {
  const selections = (torrent as unknown as { _selections?: SwappingSelections })._selections;
  if (typeof selections !== 'object' || selections === null || typeof selections.swap !== 'function') return;
  selections.swap = () => undefined;
}

/** Removes exactly this selection (webtorrent may already have dropped it once downloaded). */
export function removeSelection(torrent: WtTorrent, item: SelectionItem): void {
  if (torrent.destroyed) return;
  const t = required(torrent);
  for (const existing of t._selections) {
    if (existing === item) {
      existing.remove();
      break;
    }
  }
  t._updateSelections();
}

/** True when the piece is verified (in the store, or on its way there through write-behind). */
export function hasPiece(torrent: WtTorrent, index: number): boolean {
  return !torrent.destroyed && required(torrent).bitfield.get(index);
}

/** Indices of every verified piece. */
export function verifiedPieces(torrent: WtTorrent): number[] {
  if (torrent.destroyed) return [];
  const { bitfield } = required(torrent);
  const pieces: number[] = [];
  for (let i = 0; i < torrent.pieces.length; i++) if (bitfield.get(i)) pieces.push(i);
  return pieces;
}

/**
 * Bytes `offset..offset+length` of a verified piece, from the torrent's store, lent: the
 * caller gives them back with releaseChunk once sent (chunk-lease.ts), or leaves them to
 * the GC. (webtorrent's ImmediateChunkStore passes the options through to our store.)
 */
export function readPiece(torrent: WtTorrent, index: number, offset: number, length: number): Promise<Uint8Array> {
  const { store } = required(torrent);
  if (typeof store?.get !== 'function') throw new Error('webtorrent internals changed: torrent.store.get is missing');
  return new Promise((resolve, reject) => {
    store.get(index, { offset, length, lend: true }, (err, buf) => (err || !buf ? reject(err ?? new Error(`piece ${index} read nothing`)) : resolve(buf)));
  });
}

/**
 * Forgets a verified piece whose data is being dropped from the store: out of our bitfield
 * (so peers are not offered it and readers wait for it), downloaded and verified again if a
 * selection wants it, and peers that speak BEP 54 (lt_donthave; webtorrent and libtorrent
 * do) are told we no longer have it.
 */
export function forgetPiece(torrent: WtTorrent, index: number): void {
  const t = required(torrent);
  if (t.destroyed || !t.bitfield.get(index)) return;
  t._markUnverified(index);
  t._checkDone();
  for (const wire of t.wires) {
    if (!wire.destroyed && typeof wire.lt_donthave?.donthave === 'function') {
      (wire.lt_donthave.donthave as (index: number) => void).call(wire.lt_donthave, index);
    }
  }
}

/** What `answerRequestsAskedAgain` reads and replaces on a bittorrent-protocol wire. */
interface AnsweringWire {
  _onRequest?: unknown;
  peerRequests: { piece: number; offset: number; length: number; callback?: unknown }[];
  amChoking: boolean;
  hasFast: boolean;
  allowedFastSet: number[];
  emit(event: string, ...args: unknown[]): boolean;
  piece(index: number, offset: number, buffer: Uint8Array): void;
  reject(index: number, offset: number, length: number): void;
}

/**
 * Makes a peer wire answer a block the peer cancelled and asked for again. bittorrent-protocol
 * finds the pending upload a disk read completes by (piece, offset, length), not by the request
 * it was for: after a cancel and a new request for the same block, the read for the cancelled
 * one takes the new entry and sends nothing, and the peer waits out its request timeout (30 s
 * for webtorrent). Here each read answers its own request only, whatever order reads complete
 * in; a cancel still drops the first pending request for the block (bittorrent-protocol's own
 * `_onCancel`), whose read then sends nothing. The rest is bittorrent-protocol's `_onRequest`
 * (BEP 6 rejects while choking). Wires whose shape moved are left as they are.
 */
export function answerRequestsAskedAgain(wire: unknown): void {
  const w = wire as AnsweringWire;
  const shapeHeld =
    typeof w._onRequest === 'function' &&
    Array.isArray(w.peerRequests) &&
    Array.isArray(w.allowedFastSet) &&
    typeof w.emit === 'function' &&
    typeof w.piece === 'function' &&
    typeof w.reject === 'function';
  if (!shapeHeld) return;
  w._onRequest = function (this: AnsweringWire, index: number, offset: number, length: number) {
    if (this.amChoking && !(this.hasFast && this.allowedFastSet.includes(index))) {
      if (this.hasFast) this.reject(index, offset, length);
      return;
    }
    const respond = (err: Error | null, buffer?: Uint8Array) => {
      const at = this.peerRequests.indexOf(request);
      if (at === -1) return; // cancelled, rejected or dropped by a choke
      this.peerRequests.splice(at, 1);
      if (err || !buffer) {
        if (this.hasFast) this.reject(index, offset, length);
        return;
      }
      this.piece(index, offset, buffer);
    };
    const request = { piece: index, offset, length, callback: respond };
    this.peerRequests.push(request);
    this.emit('request', index, offset, length, respond);
  };
}

/** What `capRequestQueue` reads of a bittorrent-protocol wire. */
interface QueueingWire {
  peerExtendedHandshake?: unknown;
  downloadSpeed?: unknown;
  request?: unknown;
  on(event: 'extended', fn: (ext: string) => void): void;
  on(event: 'piece', fn: (index: number, offset: number) => void): void;
}

/** A timed request that got no block within this long was cancelled or refused: time another. */
const ROUND_TRIP_SAMPLE_GIVE_UP_MS = 5_000;
/**
 * Bounds how many block requests webtorrent keeps outstanding on a wire, to what `blocks`
 * answers for the wire's measured speed, the peer's `reqq` and the wire's timing. webtorrent
 * sizes that queue from the wire's rate (0.5–1 s of it) and lowers it only to the peer's BEP 10
 * `reqq`, which it reads from `wire.peerExtendedHandshake` every time it fills the queue; so
 * `reqq` there becomes a getter that answers our bound. The peer's own `reqq` is kept and still
 * honoured. The handshake object is replaced when the peer's extended handshake arrives, hence
 * the 'extended' listener. Wires whose shape moved keep webtorrent's queue.
 */
export function capRequestQueue(wire: unknown, blocks: (measuredSpeed: number, peerReqq: number | undefined, timing: WireTiming) => number): void {
  const w = wire as QueueingWire;
  if (typeof w.downloadSpeed !== 'function' || typeof w.peerExtendedHandshake !== 'object' || w.peerExtendedHandshake === null) return;
  const speed = w.downloadSpeed as () => number;
  const roundTrips = timeRoundTrips(w);
  const connected = performance.now();
  const timing = (): WireTiming => {
    const now = performance.now();
    const { firstRequestAt, shortest } = roundTrips;
    return { sinceConnectedMs: now - connected, sinceFirstRequestMs: firstRequestAt === undefined ? undefined : now - firstRequestAt, minRoundTripSeconds: shortest };
  };
  const install = () => {
    const handshake = w.peerExtendedHandshake as Record<string, unknown> | null;
    if (typeof handshake !== 'object' || handshake === null) return;
    const peerReqq = typeof handshake.reqq === 'number' ? handshake.reqq : undefined;
    Object.defineProperty(handshake, 'reqq', { configurable: true, enumerable: true, get: () => blocks(speed.call(w), peerReqq, timing()) });
  };
  install();
  w.on('extended', (ext) => {
    if (ext === 'handshake') install();
  });
}

interface RoundTrips {
  /** performance.now() of the wire's first block request. */
  firstRequestAt?: number;
  /** Seconds. */
  shortest?: number;
}

/**
 * The shortest round trip from a block request webtorrent sends on this wire to the block's
 * arrival. One request is timed at a time, which gives a sample per round trip without state
 * per request. A peer answers in order, so a sample also counts the requests queued ahead of
 * it: the shortest is taken, and the first ones, sent while the queue is still two blocks
 * long, are close to the bare round trip.
 */
function timeRoundTrips(w: QueueingWire): RoundTrips {
  const trips: RoundTrips = {};
  if (typeof w.request !== 'function') return trips;
  const request = w.request as (index: number, offset: number, ...rest: unknown[]) => unknown;
  let timed: { index: number; offset: number; at: number } | undefined;
  w.request = function (this: unknown, index: number, offset: number, ...rest: unknown[]) {
    const now = performance.now();
    trips.firstRequestAt ??= now;
    if (!timed || now - timed.at > ROUND_TRIP_SAMPLE_GIVE_UP_MS) timed = { index, offset, at: now };
    return request.call(this, index, offset, ...rest);
  };
  w.on('piece', (index, offset) => {
    if (!timed || timed.index !== index || timed.offset !== offset) return;
    const seconds = (performance.now() - timed.at) / 1000;
    trips.shortest = trips.shortest === undefined ? seconds : Math.min(trips.shortest, seconds);
    timed = undefined;
  });
  return trips;
}

/** A peer wire's request event, as bittorrent-protocol emits it. */
interface RequestingWire {
  on(event: 'request', fn: (index: number, offset: number, length: number, respond: (err: Error | null) => void) => void): void;
}

/**
 * Answers a peer's request for a piece we do not have with a reject (BEP 6 fast extension)
 * instead of webtorrent's silence: a peer that missed our lt_donthave (or does not speak it)
 * would otherwise wait for the block until its request times out.
 */
export function refuseMissingPieces(torrent: WtTorrent, wire: unknown): void {
  // wires may connect before the metadata, when there is no bitfield yet
  const t = torrent as unknown as TorrentInternals;
  (wire as RequestingWire).on('request', (index, _offset, _length, respond) => {
    const get = t.bitfield?.get;
    if (!torrent.destroyed && typeof get === 'function' && !(get as (i: number) => boolean).call(t.bitfield, index)) {
      respond(new Error(`piece ${index} is not here`));
    }
  });
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
