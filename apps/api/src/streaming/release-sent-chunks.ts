import type { ServerResponse } from 'node:http';
import { isLent, releaseChunk } from '#torrent';

type WriteCallback = (err?: Error | null) => void;

/**
 * Gives each lent torrent chunk back (releaseChunk) once `response`'s socket has taken it,
 * so the piece store frees it now instead of leaving it to a full GC (see chunk-lease.ts).
 *
 * `pipeline` writes with `response.write(chunk)` and no callback, so the write is wrapped
 * on this response only. The callback of a write runs once the bytes are in the kernel's
 * hands (libuv's write completed), never while the buffer may still be read; a failed write
 * (client gone) gives nothing back, and the GC frees those chunks.
 */
export function releaseChunksOnceSent(response: ServerResponse): void {
  const write = response.write.bind(response) as (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => boolean;
  response.write = ((chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    if (!isLent(chunk)) return write(chunk, encodingOrCallback, callback);
    const done = (typeof encodingOrCallback === 'function' ? encodingOrCallback : callback) as WriteCallback | undefined;
    return write(chunk, (err?: Error | null) => {
      if (!err) releaseChunk(chunk);
      done?.(err);
    });
  }) as ServerResponse['write'];
}
