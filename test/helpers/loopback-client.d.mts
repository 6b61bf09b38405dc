// Types for loopback-client.mjs: only the parts of webtorrent 3 the test helpers touch.
import type { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface LoopbackTorrentFile {
  readonly name: string;
  /** Starts with the torrent name for multi-file torrents: `files/subs/en.srt`. */
  readonly path: string;
  readonly length: number;
}

export interface LoopbackTorrent extends EventEmitter {
  readonly infoHash: string;
  readonly name: string;
  readonly magnetURI: string;
  readonly torrentFile: Uint8Array;
  readonly files: LoopbackTorrentFile[];
  readonly path: string;
  readonly length: number;
  readonly downloaded: number;
  readonly progress: number;
  readonly done: boolean;
  readonly numPeers: number;
  readonly downloadSpeed: number;
  /** Open peer connections; `type` is tcpOutgoing, tcpIncoming, utpOutgoing or utpIncoming. */
  readonly wires: { readonly type: string; readonly remoteAddress: string }[];
}

export interface LoopbackAddOptions {
  path?: string;
  announce?: string[];
  skipVerify?: boolean;
  deselect?: boolean;
}

export interface LoopbackClient extends EventEmitter {
  readonly destroyed: boolean;
  readonly torrentPort: number;
  address(): AddressInfo | null;
  add(torrentId: string | Uint8Array | object, options?: LoopbackAddOptions): LoopbackTorrent;
  destroy(callback?: (err?: Error) => void): void;
}

export declare const LOOPBACK_CLIENT_OPTIONS: Readonly<Record<string, unknown>>;
export declare function createLoopbackClient(extraOptions?: Record<string, unknown>): Promise<LoopbackClient>;
export declare function destroyClient(client: LoopbackClient, graceMs?: number): Promise<void>;
