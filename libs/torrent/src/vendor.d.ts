// Minimal ambient types for untyped ESM dependencies of the torrent engine.
declare module 'webtorrent' {
  // typed where it is used (webtorrent.types.ts): an ambient module cannot import relative files
  const WebTorrent: unknown;
  export default WebTorrent;
}

declare module 'magnet-uri' {
  export interface MagnetData {
    xt?: string | string[];
    infoHash?: string;
    name?: string;
    dn?: string | string[];
    announce?: string[];
    peerAddresses?: string[];
    urlList?: string[];
  }
  export function decode(uri: string): MagnetData;
  export function encode(data: MagnetData): string;
}

declare module 'parse-torrent' {
  export interface ParsedTorrent {
    infoHash: string;
    name?: string;
    announce?: string[];
    files?: { path: string; name: string; length: number }[];
    length?: number;
    /** BEP 27: announce only to the torrent's own trackers. */
    private?: boolean;
  }
  export default function parseTorrent(torrentId: string | Uint8Array): Promise<ParsedTorrent>;
}

declare module 'fs-chunk-store' {
  export default class FSChunkStore {
    constructor(chunkLength: number, opts: Record<string, unknown>);
    readonly chunkLength: number;
    put(index: number, buf: Uint8Array, cb: (err?: Error | null) => void): void;
    get(index: number, opts: unknown, cb: (err: Error | null, buf?: Uint8Array) => void): void;
    close(cb?: (err?: Error | null) => void): void;
    destroy(cb?: (err?: Error | null) => void): void;
  }
}

declare module 'torrent-piece' {
  /** webtorrent's piece assembly; only its prototype is patched (webtorrent.internals.ts). */
  export default class Piece {
    static BLOCK_LENGTH: number;
    constructor(length: number);
  }
}
