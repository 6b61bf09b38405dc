import type { TorrentInfo } from '#torrent';
import type { PreloadWindowDto } from '../preload/preload.dto.js';

/** The `progress` event: what a page redraws about once a second. */
export interface ProgressEvent {
  infoHash: string;
  ready: boolean;
  progress: number;
  peers: number;
  downloadSpeed: number;
  uploadSpeed: number;
  activeStreams: number;
  files: { id: number; progress: number }[];
  preloads: PreloadWindowDto[];
}

export function progressEvent(info: TorrentInfo, preloads: readonly PreloadWindowDto[]): ProgressEvent {
  return {
    infoHash: info.infoHash,
    ready: info.ready,
    progress: info.progress,
    peers: info.peers,
    downloadSpeed: info.downloadSpeed,
    uploadSpeed: info.uploadSpeed,
    activeStreams: info.activeReaders,
    files: info.files.map((file) => ({ id: file.id, progress: file.progress })),
    preloads: preloads.map(({ fileId, from, to, bytes, fetched, done, error }) => ({ fileId, from, to, bytes, fetched, done, error })),
  };
}
