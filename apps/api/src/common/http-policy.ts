import { HttpStatus } from '@nestjs/common';

/**
 * Torrent content never changes for an info hash, nor a segment for its plan, so caches
 * may keep streams and segments for a year.
 */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * 5xx answers about the swarm or our limits (busy ffmpeg slots, no metadata in time, a full
 * disk budget), not bugs: the exception filter and the request logger both log them as
 * warnings, every other 5xx as an error.
 */
export const EXPECTED_5XX: ReadonlySet<number> = new Set<number>([
  HttpStatus.SERVICE_UNAVAILABLE,
  HttpStatus.GATEWAY_TIMEOUT,
  HttpStatus.INSUFFICIENT_STORAGE,
]);
