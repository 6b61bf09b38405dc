import type { TorrentInfo } from '#torrent';
import type { PreloadWindowDto } from '../preload/preload.dto.js';
import type { ProgressEvent } from './progress-event.dto.js';

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
