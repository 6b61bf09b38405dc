import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';

/** Query parameter carrying the token on our own loopback reads. */
export const INTERNAL_TOKEN_PARAM = 'internal_token';

/**
 * ffmpeg reads media through our own stream URL. Those reads come from 127.0.0.1 like a
 * local player's, so they carry a per-process secret that exempts them from throttling;
 * otherwise HLS would spend the stream budget of whoever plays on this machine.
 */
@Injectable()
export class InternalAccess {
  private readonly token = randomBytes(16).toString('hex');

  /** Appends the token to a URL of ours. */
  sign(url: string): string {
    const signed = new URL(url);
    signed.searchParams.set(INTERNAL_TOKEN_PARAM, this.token);
    return signed.toString();
  }

  isInternal(request: Request): boolean {
    return request.query?.[INTERNAL_TOKEN_PARAM] === this.token;
  }
}
