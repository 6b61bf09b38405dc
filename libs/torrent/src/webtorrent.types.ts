/**
 * The slice of webtorrent 3's API that tod-p2m uses. webtorrent ships no types,
 * so these describe only what we call (public API; private fields are read only in
 * webtorrent.internals.ts); keep them in step with node_modules/webtorrent.
 */
import type { EventEmitter } from 'node:events';

export interface WtFile {
  readonly name: string;
  readonly path: string;
  readonly length: number;
  readonly offset: number;
  readonly downloaded: number;
  readonly progress: number;
  [Symbol.asyncIterator](opts?: { start?: number; end?: number }): AsyncIterator<Uint8Array, undefined>;
}

export interface WtTorrent extends EventEmitter {
  readonly infoHash: string;
  readonly magnetURI: string;
  readonly name?: string;
  readonly length: number;
  readonly pieceLength: number;
  readonly progress: number;
  readonly downloaded: number;
  /** Bytes received from peers, wasted ones included. */
  readonly received: number;
  readonly uploaded: number;
  readonly numPeers: number;
  readonly downloadSpeed: number;
  readonly uploadSpeed: number;
  readonly ready: boolean;
  readonly destroyed: boolean;
  readonly files: WtFile[];
  readonly pieces: unknown[];
  /** The metainfo file, once the metadata is in. */
  readonly torrentFile?: Uint8Array;
  select(start: number, end: number, priority?: number): void;
  deselect(start: number, end: number): void;
  critical(start: number, end: number): void;
  destroy(opts?: { destroyStore?: boolean }, cb?: (err?: Error | null) => void): void;
}

export interface WtTorrentOptions {
  path?: string;
  announce?: string[];
  deselect?: boolean;
  strategy?: 'sequential' | 'rarest';
  store?: unknown;
  storeCacheSlots?: number;
}

export interface WtClientOptions {
  dht: boolean;
  lsd: boolean;
  utPex: boolean;
  natUpnp: boolean;
  natPmp: boolean;
  utp: boolean;
  webSeeds: boolean;
  tracker: boolean | Record<string, unknown>;
  torrentPort: number;
  maxConns: number;
  downloadLimit: number;
  uploadLimit: number;
}

export interface WtClient extends EventEmitter {
  readonly torrents: WtTorrent[];
  /** True once the peer port accepts connections. */
  readonly listening: boolean;
  readonly downloadSpeed: number;
  readonly uploadSpeed: number;
  add(torrentId: string | Uint8Array, opts?: WtTorrentOptions): WtTorrent;
  throttleDownload(rate: number): void;
  throttleUpload(rate: number): void;
  address(): { port: number } | null;
  destroy(cb?: (err?: Error | null) => void): void;
}

export type WtClientConstructor = new (opts: Partial<WtClientOptions>) => WtClient;
