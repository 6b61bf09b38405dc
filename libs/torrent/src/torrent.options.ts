import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ReadaheadLimits } from './readahead.util.js';

export interface TorrentModuleOptions {
  /** Pieces live under `<dataDir>/torrents/<infoHash>/`, so one rm drops a torrent. */
  dataDir: string;
  /** Announced for adds that bring no trackers of their own (bare info hashes). */
  trackers: string[];
  dht: boolean;
  lsd: boolean;
  /** UPnP / NAT-PMP port mapping. */
  natTraversal: boolean;
  /**
   * uTP peer connections. webtorrent tries uTP before TCP and waits on it, which delays
   * the first connection to TCP-only peers by seconds; off by default for fast starts.
   */
  utp: boolean;
  /** 0 picks a free port. */
  torrentPort: number;
  /** Peer connections per torrent. */
  maxConnections: number;
  /** Bytes per second for the whole engine; 0 means unlimited. */
  downloadRateLimit: number;
  uploadRateLimit: number;
  metadataTimeoutMs: number;
  /** Keep downloaded data when a torrent is removed or evicted; complete files are never evicted piece by piece. */
  keepFiles: boolean;
  /** How far each reader selects ahead of its position (`readahead`). */
  readahead: ReadaheadLimits;
}

export const {
  ConfigurableModuleClass: ConfigurableTorrentModule,
  MODULE_OPTIONS_TOKEN: TORRENT_OPTIONS,
} = new ConfigurableModuleBuilder<TorrentModuleOptions>()
  // Global (TorrentModule.forRoot), so the API's feature modules share the one engine and cache.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
