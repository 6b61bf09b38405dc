import { Readable } from 'node:stream';
import { outstandingRequests, selectedPieceSpans, torrentOfFile } from './webtorrent.internals.js';
import type { WtFile } from './webtorrent.types.js';

/** Chunks are whole pieces (typically 256 KiB to 4 MiB); one in flight is enough to keep up. */
const HIGH_WATER_MARK = 1 << 20;

/**
 * A Node stream of exactly bytes `start..end` (inclusive) of a torrent file.
 *
 * We drive webtorrent's async iterator ourselves instead of `createReadStream().pipe()`:
 * its streamx stream crashes the process on a client abort, and it ignores `end: 0`
 * (a one-byte range would stream the whole file).
 *
 * Destroying the returned stream (the client went away, typically a player seeking
 * elsewhere) returns the iterator at once, which drops the piece selection behind it, and
 * cancels the block requests already sent for pieces nobody reads any more (see
 * cancelUnwantedRequests). Leaving that to the generator's `finally` would wait for the
 * piece it is blocked on, while the download of the abandoned range goes on.
 */
export function readFileRange(file: WtFile, start: number, end: number, onFirstChunk?: () => void): Readable {
  const iterator = file[Symbol.asyncIterator]({ start, end });
  const progress = { remaining: end - start + 1 };
  const stream = Readable.from(exactBytes(iterator, progress, onFirstChunk), {
    objectMode: false,
    highWaterMark: HIGH_WATER_MARK,
  });
  stream.once('close', () => {
    if (progress.remaining === 0) return;
    // webtorrent's FileIterator drops its selection synchronously inside return()
    iterator.return?.().catch(() => undefined);
    cancelUnwantedRequests(file);
  });
  return stream;
}

async function* exactBytes(
  iterator: AsyncIterator<Uint8Array, undefined>,
  progress: { remaining: number },
  onFirstChunk?: () => void,
): AsyncGenerator<Uint8Array> {
  try {
    while (progress.remaining > 0) {
      const { value, done } = await iterator.next();
      if (done) break;
      const chunk = value.length > progress.remaining ? value.subarray(0, progress.remaining) : value;
      progress.remaining -= chunk.length;
      yield chunk;
      onFirstChunk?.();
      onFirstChunk = undefined;
    }
  } finally {
    await iterator.return?.();
  }
  if (progress.remaining > 0) throw new Error(`torrent closed with ${progress.remaining} bytes left to read`);
}

/**
 * After a reader stops early (a client gone, typically a player seeking elsewhere), cancels
 * the block requests still outstanding for pieces that no selection wants any more.
 *
 * webtorrent keeps up to a second's worth of blocks requested per peer (at 100 MB/s, over
 * a thousand 16 KiB blocks) and does not withdraw them when a selection goes. A seek right
 * after another one then waits behind megabytes that nobody will read: in `npm run bench`
 * the third consecutive cold seek found ~1,400 blocks (22 MB) ahead of it. `wire.cancel`
 * sends BitTorrent cancels and fails each request through webtorrent's own error path,
 * which releases the block's reservation, as when a peer chokes.
 */
function cancelUnwantedRequests(file: WtFile): void {
  const torrent = torrentOfFile(file);
  const wanted = torrent && !torrent.destroyed ? selectedPieceSpans(torrent) : undefined;
  if (!torrent || !wanted) return;
  const isWanted = (piece: number) => wanted.some((span) => piece >= span.from && piece <= span.to);
  for (const wire of outstandingRequests(torrent)) {
    for (const request of wire.requests) {
      if (!isWanted(request.piece)) wire.cancel(request);
    }
  }
}
