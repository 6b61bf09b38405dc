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
 * a millisecond or two, but a peer starved of CPU answers in bursts of its scheduler's slices:
 * below ~50 ms of its rate (bench measure 4: 32 clients, 4 seeders and the server on 2 cores)
 * its rate, and with it the queue, falls.
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
 * what the peer itself allows (BEP 10 `reqq`). The rate webtorrent measures is the bytes
 * received so far during the first second, so a new peer's queue grows with every block.
 */
export function requestQueueBlocks(bytesPerSecond: number, peerLimit?: number, seconds = REQUEST_QUEUE_SECONDS): number {
  const ours = 2 + Math.ceil((seconds * Math.max(0, bytesPerSecond)) / BLOCK_BYTES);
  return peerLimit !== undefined && peerLimit > 0 ? Math.min(ours, peerLimit) : ours;
}

/** Blocks to keep requested from a peer: requestQueueBlocks for the seconds its round trip calls for. */
export function peerQueueBlocks(bytesPerSecond: number, peerLimit?: number, minRoundTripSeconds?: number): number {
  return requestQueueBlocks(bytesPerSecond, peerLimit, requestQueueSeconds(minRoundTripSeconds));
}
