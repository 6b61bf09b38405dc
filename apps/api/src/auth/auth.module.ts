import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeys } from './api-keys.service.js';
import { SignedMediaMiddleware } from './signed-media.middleware.js';
import { UrlSigner } from './url-signer.service.js';

/**
 * API keys (a global guard), signed media URLs (`/t/<token>/...`, checked by a middleware
 * before routing), and the signer MediaUrls uses. Global: MediaUrls signs with UrlSigner.
 */
@Global()
@Module({
  providers: [ApiKeys, UrlSigner, SignedMediaMiddleware, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [UrlSigner],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // GET/HEAD routes, not `use`: Express would restore the rewritten URL after a `use` middleware
    consumer
      .apply(SignedMediaMiddleware)
      .forRoutes({ path: 't/*path', method: RequestMethod.GET }, { path: 't/*path', method: RequestMethod.HEAD });
  }
}
