// Ambient types for the untyped tracker package used only by the test helpers.
declare module 'bittorrent-tracker' {
  import type { EventEmitter } from 'node:events';
  import type { Server as HttpServer } from 'node:http';

  export interface ServerOptions {
    http?: boolean;
    udp?: boolean;
    ws?: boolean;
    stats?: boolean;
    /** Announce interval told to clients, in milliseconds. */
    interval?: number;
    trustProxy?: boolean;
  }

  export class Server extends EventEmitter {
    constructor(options?: ServerOptions);
    readonly http: HttpServer | null;
    /** infoHash (hex) → swarm; `peers` is an LRU keyed by peer id. */
    readonly torrents: Record<string, { complete: number; incomplete: number }>;
    listen(port: number, hostname: string, onListening?: () => void): void;
    close(callback?: (err?: Error) => void): void;
  }
}

// Ambient types for the Prometheus text parser the metrics tests use.
declare module 'parse-prometheus-text-format' {
  export interface PrometheusSample {
    labels?: Record<string, string>;
    value?: string;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  export interface PrometheusFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: PrometheusSample[];
  }
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}

// The .torrent builder webtorrent itself uses; the cluster test makes trackerless torrents with it.
declare module 'create-torrent' {
  export interface CreateTorrentOptions {
    announceList?: string[][];
    urlList?: string[];
    pieceLength?: number;
    private?: boolean;
  }
  export default function createTorrent(
    input: string,
    options: CreateTorrentOptions,
    callback: (err: Error | null, torrent: Uint8Array) => void,
  ): void;
}

// Ambient types for the peer wire protocol (webtorrent's), used to act as a raw peer.
declare module 'bittorrent-protocol' {
  import { Duplex } from 'node:stream';

  export default class Protocol extends Duplex {
    handshake(infoHash: string, peerId: Uint8Array, extensions?: { dht?: boolean; fast?: boolean }): void;
    interested(): void;
    request(piece: number, offset: number, length: number, cb: (err: Error | null, block: Uint8Array) => void): void;
  }
}
