import { Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { EVICTION_HANDLER, type EvictionHandler } from '../cache.types.js';

@Module({})
class EvictionOwnerModule {}

/**
 * What an app gives CacheModule, for specs: EVICTION_HANDLER from a global module (as the
 * torrent module provides it) and the event bus the cache announces evictions on.
 */
export function evictionOwner(handler: EvictionHandler): DynamicModule[] {
  return [
    EventEmitterModule.forRoot(),
    {
      module: EvictionOwnerModule,
      global: true,
      providers: [{ provide: EVICTION_HANDLER, useValue: handler }],
      exports: [EVICTION_HANDLER],
    },
  ];
}
