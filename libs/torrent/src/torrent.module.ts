import { DynamicModule, Module } from '@nestjs/common';
import { CacheModule, EVICTION_HANDLER, type CacheModuleOptions } from '#cache';
import { BudgetDiskGate, DISK_GATE } from './disk.gate.js';
import { HeldTorrents } from './held-torrents.js';
import { NextEpisodePrefetcher } from './next-episode.prefetcher.js';
import { PieceEvictor } from './piece.evictor.js';
import { ConfigurableTorrentModule, type TorrentModuleOptions } from './torrent.options.js';
import { TorrentService } from './torrent.service.js';
import { WebTorrentEngine } from './webtorrent.engine.js';

/**
 * The engine, the torrents it holds and the cache that decides which stay. The wiring is
 * all constructor injection, so a missing piece fails at boot:
 * - CacheService evicts through EVICTION_HANDLER (HeldTorrents, which depends on the engine only);
 * - TorrentService writes pieces through DISK_GATE (BudgetDiskGate, over CacheService and
 *   PieceEvictor, which drops single pieces when no idle torrent is left to drop).
 * Needs `ScheduleModule.forRoot()` and `EventEmitterModule.forRoot()` in the app: removals
 * are announced as TorrentEvents.Removed, evictions as CacheEvents.Evicted.
 */
@Module({
  providers: [
    WebTorrentEngine,
    HeldTorrents,
    { provide: EVICTION_HANDLER, useExisting: HeldTorrents },
    PieceEvictor,
    NextEpisodePrefetcher,
    { provide: DISK_GATE, useClass: BudgetDiskGate },
    TorrentService,
  ],
  // EVICTION_HANDLER is exported for the cache module imported here (this module is global)
  exports: [TorrentService, WebTorrentEngine, PieceEvictor, NextEpisodePrefetcher, EVICTION_HANDLER],
})
export class TorrentModule extends ConfigurableTorrentModule {
  /** The one torrent module of the app (global), with the cache it owns; CacheService is exported. */
  static forRoot(options: TorrentModuleOptions, cache: CacheModuleOptions): DynamicModule {
    const base = TorrentModule.register({ ...options, isGlobal: true });
    const cacheModule = CacheModule.register(cache);
    return {
      ...base,
      imports: [...(base.imports ?? []), cacheModule],
      exports: [...(base.exports ?? []), cacheModule],
    };
  }
}
