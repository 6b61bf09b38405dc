import { mediaKindOf, mimeTypeOf } from './media-type.util.js';
import type { TorrentFileInfo, TorrentInfo } from './torrent.types.js';
import type { WtFile, WtTorrent } from './webtorrent.types.js';

export function describeFile(file: WtFile, id: number): TorrentFileInfo {
  return {
    id,
    name: file.name,
    path: file.path.replaceAll('\\', '/'),
    size: file.length,
    progress: roundProgress(file.progress),
    mimeType: mimeTypeOf(file.name),
    kind: mediaKindOf(file.name),
  };
}

export function describeTorrent(
  infoHash: string,
  torrent: WtTorrent,
  activeReaders: number,
): TorrentInfo {
  const ready = torrent.ready && !torrent.destroyed;
  return {
    infoHash,
    name: ready ? torrent.name : undefined,
    ready,
    size: ready ? torrent.length : 0,
    progress: ready ? roundProgress(torrent.progress) : 0,
    peers: torrent.destroyed ? 0 : torrent.numPeers,
    downloadSpeed: torrent.destroyed ? 0 : Math.round(torrent.downloadSpeed),
    uploadSpeed: torrent.destroyed ? 0 : Math.round(torrent.uploadSpeed),
    activeReaders,
    files: ready ? torrent.files.map(describeFile) : [],
  };
}

function roundProgress(progress: number): number {
  return Math.round(Math.min(1, Math.max(0, progress)) * 10_000) / 10_000;
}
