import type { MediaKind } from './media-type.util.js';

export interface TorrentFileInfo {
  /** Index in the torrent's file list; stable for a given info hash. */
  id: number;
  name: string;
  /** Path inside the torrent, with forward slashes. */
  path: string;
  size: number;
  /** 0..1 of this file's bytes downloaded and verified. */
  progress: number;
  mimeType: string;
  /** Audio and video get HLS and hot edges; see mediaKindOf. */
  kind: MediaKind;
}

export interface TorrentInfo {
  infoHash: string;
  /** Undefined until the metadata has arrived. */
  name?: string;
  ready: boolean;
  size: number;
  progress: number;
  peers: number;
  downloadSpeed: number;
  uploadSpeed: number;
  activeReaders: number;
  files: TorrentFileInfo[];
}

export interface FileRange {
  start: number;
  /** Inclusive. */
  end: number;
}
