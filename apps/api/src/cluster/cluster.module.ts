import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { HealthModule } from '../health/health.module.js';
import { CanonicalHashMiddleware } from './canonical-hash.middleware.js';
import { HASH_ROUTES } from './canonical-path.util.js';
import { DrainService } from './drain.service.js';
import { MemorySourceStore } from './memory-source.store.js';
import { OwnerForwarder } from './owner-forwarder.service.js';
import { RedisSourceStore } from './redis-source.store.js';
import { SourceRegistry } from './source-registry.service.js';
import { SOURCE_STORE, type SourceStore } from './source-store.js';

/**
 * Several nodes behind a hashing load balancer: sources shared in a store (Redis with
 * redis_url, else memory), POSTs handed to the node the hash maps to (cluster_url),
 * canonical hash URLs, and draining on SIGTERM. With neither setting, one node as before.
 */
@Global()
@Module({
  imports: [HealthModule],
  providers: [
    {
      provide: SOURCE_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): SourceStore =>
        config.redisUrl ? new RedisSourceStore(config.redisUrl) : new MemorySourceStore(),
    },
    SourceRegistry,
    OwnerForwarder,
    DrainService,
    CanonicalHashMiddleware,
  ],
  exports: [SourceRegistry, OwnerForwarder],
})
export class ClusterModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CanonicalHashMiddleware)
      .forRoutes(...HASH_ROUTES.map((route) => ({ path: `${route}/*path`, method: RequestMethod.ALL })));
  }
}
