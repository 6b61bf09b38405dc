/** A BitTorrent block: what one request asks for. */
export const BLOCK_BYTES = 16 * 1024;

/**
 * Seconds of a peer's download rate we keep requested from it before we know its round trip.
 * webtorrent keeps 0.5–1 s: enough to hide a slow peer's disk, but a peer answers requests in
 * order, so the first piece of a seek (or of a new client's range) waits behind that whole
 * queue. A quarter of a second keeps peers up to ~200 ms away busy.
 */
export const REQUEST_QUEUE_SECONDS = 0.25;

/**
 * Once a peer's round trip is known, the queue holds this many round trips of its rate: one
 * keeps the peer busy, the rest cover jitter and its disk. More only makes the next urgent
 * piece wait longer, since the peer answers in order.
 */
export const ROUND_TRIPS_QUEUED = 3;
/**
 * The shortest queue, in seconds of rate, whatever the round trip. On loopback a round trip is
 * a millisecond or two, but a peer starved of CPU answers in bursts of its scheduler's slices
 * (bench measure 4 runs 4 seeders, the server and 32 clients on 2 cores), and a queue shorter
 * than a burst idles it. 20 ms measured no differently there (requests over 300 ms in the
 * first 6 s: 41–65 against 50–66, 8 cold servers each).
 */
export const MIN_REQUEST_QUEUE_SECONDS = 0.05;
/** The longest, in seconds of rate: webtorrent's own ceiling. */
export const MAX_REQUEST_QUEUE_SECONDS = 1;

/**
 * Seconds of a peer's rate to keep requested, from the shortest block round trip seen on its
 * wire (seconds; undefined before the first block): ROUND_TRIPS_QUEUED of them within
 * [MIN_REQUEST_QUEUE_SECONDS, MAX_REQUEST_QUEUE_SECONDS], else REQUEST_QUEUE_SECONDS.
 *
 * Why the round trip and not a fixed duration: on loopback or a LAN a quarter of a second of
 * queue is a hundred round trips, and every piece a player waits for (a seek, a new client's
 * range) queues behind it (bench measure 4, 32 clients: p99 first byte 369 ms at 0.25 s).
 * A fixed short queue would starve a peer on another continent instead: the rate a queue
 * allows is the queue ÷ the round trip, and the queue is sized from the rate.
 */
export function requestQueueSeconds(minRoundTripSeconds: number | undefined): number {
  if (minRoundTripSeconds === undefined || !Number.isFinite(minRoundTripSeconds) || minRoundTripSeconds < 0) return REQUEST_QUEUE_SECONDS;
  return Math.min(MAX_REQUEST_QUEUE_SECONDS, Math.max(MIN_REQUEST_QUEUE_SECONDS, ROUND_TRIPS_QUEUED * minRoundTripSeconds));
}

/**
 * Blocks to keep requested from a peer that sends `bytesPerSecond`: webtorrent's own formula
 * (two blocks, plus the rate for the duration) for `seconds` (requestQueueSeconds), never above
 * what the peer itself allows (BEP 10 `reqq`).
 */
export function requestQueueBlocks(bytesPerSecond: number, peerLimit?: number, seconds = REQUEST_QUEUE_SECONDS): number {
  const ours = 2 + Math.ceil((seconds * Math.max(0, bytesPerSecond)) / BLOCK_BYTES);
  return peerLimit !== undefined && peerLimit > 0 ? Math.min(ours, peerLimit) : ours;
}

/** What a wire's clock says, for peerQueueBlocks (webtorrent.internals.ts `capRequestQueue` times it). */
export interface WireTiming {
  sinceConnectedMs: number;
  /** Since the wire's first block request; undefined before it. */
  sinceFirstRequestMs?: number;
  /** The shortest block round trip seen on the wire; undefined before the first block. */
  minRoundTripSeconds?: number;
}

/**
 * For its first second a wire's measured speed is not a rate but the bytes received so far
 * (bittorrent-protocol's `throughput` until it holds a second of 100 ms ticks).
 */
export const SPEED_IS_A_RATE_AFTER_MS = 1_000;

/**
 * A wire's download rate in bytes per second from what webtorrent measured: as measured once
 * that is a rate; during the wire's first second, the bytes so far over the time since its
 * first request. A queue of a few round trips of the bytes so far would stay a few blocks long
 * while a new peer's first piece comes in (magnet → first byte went from 0.25 to 0.45 s in
 * bench measure 1, and a cold seek's first from 0.12 to 0.34 s).
 */
export function wireRate(measuredSpeed: number, timing: WireTiming): number {
  if (timing.sinceConnectedMs >= SPEED_IS_A_RATE_AFTER_MS || timing.sinceFirstRequestMs === undefined) return measuredSpeed;
  return measuredSpeed / (Math.max(1, timing.sinceFirstRequestMs) / 1000);
}

/** Blocks to keep requested from a peer: requestQueueBlocks of its rate, for the seconds its round trip calls for. */
export function peerQueueBlocks(measuredSpeed: number, peerLimit: number | undefined, timing: WireTiming): number {
  return requestQueueBlocks(wireRate(measuredSpeed, timing), peerLimit, requestQueueSeconds(timing.minRoundTripSeconds));
}
