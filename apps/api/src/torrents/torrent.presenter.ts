import type { TorrentInfo } from '#torrent';
import type { MediaUrlBuilder } from '../common/media-urls.js';
import type { TorrentDto } from './dto/torrent.dto.js';

/** The API shape of a torrent, with absolute media URLs from `urls`. */
export function presentTorrent(info: TorrentInfo, urls: MediaUrlBuilder): TorrentDto {
  return {
    infoHash: info.infoHash,
    name: info.name,
    size: info.size,
    progress: info.progress,
    peers: info.peers,
    downloadSpeed: info.downloadSpeed,
    uploadSpeed: info.uploadSpeed,
    ready: info.ready,
    activeStreams: info.activeReaders,
    files: info.files.map((file) => {
      const ref = { infoHash: info.infoHash, fileId: file.id };
      return {
        id: file.id,
        name: file.name,
        path: file.path,
        size: file.size,
        progress: file.progress,
        mimeType: file.mimeType,
        streamUrl: urls.stream(ref),
        hlsUrl: file.playable ? urls.hlsMaster(ref) : undefined,
      };
    }),
  };
}
