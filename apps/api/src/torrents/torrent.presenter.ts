import type { TorrentInfo } from '#torrent';
import type { TorrentDto } from './dto/torrent.dto.js';

/** The API shape of a torrent, with absolute URLs rooted at `baseUrl`. */
export function presentTorrent(info: TorrentInfo, baseUrl: string): TorrentDto {
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
    files: info.files.map((file) => ({
      id: file.id,
      name: file.name,
      path: file.path,
      size: file.size,
      progress: file.progress,
      mimeType: file.mimeType,
      streamUrl: `${baseUrl}/stream/${info.infoHash}/${file.id}`,
      hlsUrl: file.playable ? `${baseUrl}/hls/${info.infoHash}/${file.id}/master.m3u8` : undefined,
    })),
  };
}
