import { Injectable } from '@nestjs/common';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** Header carrying the token on our own loopback reads (ffmpeg `-headers`, our fetches). */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

/**
 * ffmpeg reads media through our own stream URL. Those reads come from 127.0.0.1 like a
 * local player's, so they carry a per-process secret in a header that exempts them from
 * THROTTLING ONLY; otherwise HLS would spend the stream budget of whoever plays on this
 * machine (metrics also leave them out of viewer numbers). It is never a credential:
 * authentication does not look at it, and ffmpeg passes auth like any player, with a
 * signed media URL (MediaUrls.loopback). A header, not a query parameter, keeps it out of
 * every logged URL.
 */
@Injectable()
export class InternalAccess {
  private readonly token = Buffer.from(randomBytes(16).toString('hex'));

  /** The headers our own loopback reads send. */
  headers(): Record<string, string> {
    return { [INTERNAL_TOKEN_HEADER]: this.token.toString() };
  }

  /** Constant-time, so response timing says nothing about the token. */
  isInternal(request: Request): boolean {
    const presented = request.headers?.[INTERNAL_TOKEN_HEADER];
    if (typeof presented !== 'string') return false;
    const given = Buffer.from(presented);
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }
}
