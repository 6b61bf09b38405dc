// Minimal ambient types for untyped ESM dependencies of the torrent engine.
declare module 'webtorrent' {
  import type { WtClientConstructor } from './webtorrent.types.js';
  const WebTorrent: WtClientConstructor;
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
  }
  export default function parseTorrent(torrentId: string | Uint8Array): Promise<ParsedTorrent>;
}
