import { ForbiddenException, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SIGNED_MEDIA_ROUTES } from '../common/media-urls.js';
import { grantMedia } from './media-grant.js';
import { UrlSigner } from './url-signer.service.js';

const SIGNED_PATH = /^\/t\/([^/?]+)(\/[^?]*)(\?.*)?$/;

/**
 * `/t/<token>/<route>/<infoHash>/<fileId>/...`: checks the token against the info hash and
 * file id of the path that follows, then routes the request as that path, marked as
 * granted. A token never opens another file, another torrent or a non-media route.
 */
@Injectable()
export class SignedMediaMiddleware implements NestMiddleware {
  constructor(private readonly signer: UrlSigner) {}

  use(request: Request, _response: Response, next: NextFunction): void {
    const match = SIGNED_PATH.exec(request.url);
    // with auth off no URL is signed, and /t/... is an unknown route (404)
    if (!this.signer.enabled || !match) return next();
    const [, token, path, query = ''] = match;
    const [route, infoHash, fileId] = path.split('/').slice(1);
    if (!SIGNED_MEDIA_ROUTES.includes(route) || !infoHash || !fileId) {
      throw new ForbiddenException('a signed URL opens only the media routes of its own file');
    }
    const check = this.signer.check(token, { infoHash, fileId });
    if (check === 'expired') throw new ForbiddenException('this signed URL has expired; ask the API for a fresh one');
    if (check === 'invalid') throw new ForbiddenException('this signed URL is not valid for this file');
    grantMedia(request);
    request.url = path + query;
    next();
  }
}
