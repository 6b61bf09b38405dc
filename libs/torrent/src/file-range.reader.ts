import { Readable } from 'node:stream';
import type { WtFile } from './webtorrent.types.js';

/** Chunks are whole pieces (typically 256 KiB to 4 MiB); one in flight is enough to keep up. */
const HIGH_WATER_MARK = 1 << 20;

/**
 * A Node stream of exactly bytes `start..end` (inclusive) of a torrent file.
 *
 * We drive webtorrent's async iterator ourselves instead of `createReadStream().pipe()`:
 * its streamx stream crashes the process on a client abort, and it ignores `end: 0`
 * (a one-byte range would stream the whole file). Destroying the returned stream
 * returns the iterator, which drops the piece selection behind it.
 */
export function readFileRange(file: WtFile, start: number, end: number): Readable {
  return Readable.from(exactBytes(file, start, end), {
    objectMode: false,
    highWaterMark: HIGH_WATER_MARK,
  });
}

async function* exactBytes(file: WtFile, start: number, end: number): AsyncGenerator<Uint8Array> {
  const iterator = file[Symbol.asyncIterator]({ start, end });
  let remaining = end - start + 1;
  try {
    while (remaining > 0) {
      const { value, done } = await iterator.next();
      if (done) break;
      const chunk = value.length > remaining ? value.subarray(0, remaining) : value;
      remaining -= chunk.length;
      yield chunk;
    }
  } finally {
    await iterator.return?.();
  }
  if (remaining > 0) throw new Error(`torrent closed with ${remaining} bytes left to read`);
}
