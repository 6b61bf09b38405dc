import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app.config.js';
import { MIN_SECRET_BYTES } from './auth-config.util.js';
import { checkMediaToken, signMediaToken, type MediaScope, type TokenCheck } from './media-token.util.js';

/**
 * Signs media URLs while auth is on, so that players which send no headers (VLC, TVs,
 * <video>) can still play what the API handed out, and nothing else.
 */
@Injectable()
export class UrlSigner {
  private readonly logger = new Logger('Auth');
  private readonly secret: Buffer;
  /** Media URLs are signed only when the API itself needs a key. */
  readonly enabled: boolean;

  constructor(private readonly config: AppConfig) {
    this.enabled = config.apiKeys.length > 0;
    if (config.urlSigningSecret !== undefined) {
      this.secret = Buffer.from(config.urlSigningSecret, 'utf8');
      return;
    }
    this.secret = randomBytes(MIN_SECRET_BYTES);
    if (this.enabled) {
      this.logger.warn('url_signing_secret is not set: generated one; signed media URLs will stop working when the server restarts');
    }
  }

  /** The path segment that opens `scope` until signed_url_ttl from now. */
  token(scope: MediaScope, now = Date.now()): string {
    return signMediaToken(this.secret, scope, Math.ceil((now + this.config.signedUrlTtlMs) / 1000));
  }

  check(token: string, scope: MediaScope, now = Date.now()): TokenCheck {
    return checkMediaToken(this.secret, token, scope, Math.floor(now / 1000));
  }
}
