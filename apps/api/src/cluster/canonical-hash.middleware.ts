import { HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { canonicalHashUrl } from './canonical-path.util.js';

/**
 * A URL naming an info hash in base32 or upper case gets a 308 to its lowercase-hex form:
 * the load balancer routes on the hash as written, so one torrent must have one URL.
 * 308 keeps the method and body. A signed URL (`/t/<token>/...`) is only ever issued in
 * the canonical form; its middleware has already checked and rewritten it.
 */
@Injectable()
export class CanonicalHashMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const canonical = canonicalHashUrl(request.originalUrl);
    if (!canonical) return next();
    response.redirect(HttpStatus.PERMANENT_REDIRECT, canonical);
  }
}
