import type { Response } from 'express';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import type { SegmentFile } from '#hls';
import { IMMUTABLE_CACHE_CONTROL } from '../common/http-policy.js';

/**
 * Streams the segment `produce` resolves to. A client that leaves aborts the signal, which
 * stops the ffmpeg work only it was waiting for.
 */
export async function sendSegment(
  response: Response,
  produce: (signal: AbortSignal) => Promise<SegmentFile>,
): Promise<void> {
  const abort = new AbortController();
  const onClose = () => abort.abort(new Error('client closed the request'));
  response.once('close', onClose);
  try {
    const segment = await produce(abort.signal);
    if (abort.signal.aborted) return;
    response.status(200).set({
      'Content-Type': 'video/mp2t',
      'Content-Length': String(segment.size),
      'Cache-Control': IMMUTABLE_CACHE_CONTROL,
    });
    pipeline(createReadStream(segment.path), response, () => undefined);
  } catch (err) {
    if (abort.signal.aborted) return;
    throw err;
  } finally {
    response.off('close', onClose);
  }
}
