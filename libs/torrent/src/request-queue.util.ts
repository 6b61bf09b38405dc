/** A BitTorrent block: what one request asks for. */
export const BLOCK_BYTES = 16 * 1024;

/**
 * Seconds of a peer's download rate we keep requested from it. webtorrent keeps 0.5–1 s:
 * enough to hide a slow peer's disk, but a peer answers requests in order, so the first
 * piece of a seek (or of a new client's range) waits behind that whole queue. On a fast peer
 * that is 50–100 MB, and most of a second. The queue must outlast a round trip, or the peer
 * idles between answers: a quarter of a second keeps peers up to ~200 ms away busy, and a new
 * request waits a quarter of a second at most. (0.1 s did a little better on loopback, bench
 * measure 4: p99 687 against 651–763 ms, but would starve a peer on another continent.)
 */
export const REQUEST_QUEUE_SECONDS = 0.25;

/**
 * Blocks to keep requested from a peer that sends `bytesPerSecond`: webtorrent's own formula
 * (two blocks, plus the rate for the duration) at REQUEST_QUEUE_SECONDS, never above what the
 * peer itself allows (BEP 10 `reqq`). The rate webtorrent measures is the bytes received so far
 * during the first second, so a new peer's queue grows with every block, as before.
 */
export function requestQueueBlocks(bytesPerSecond: number, peerLimit?: number, seconds = REQUEST_QUEUE_SECONDS): number {
  const ours = 2 + Math.ceil((seconds * Math.max(0, bytesPerSecond)) / BLOCK_BYTES);
  return peerLimit !== undefined && peerLimit > 0 ? Math.min(ours, peerLimit) : ours;
}
