export class TorrentFileDto {
  /** Index in the torrent's file list; use it in stream and HLS URLs. */
  id: number;
  name: string;
  /** Path inside the torrent, with forward slashes. */
  path: string;
  /** Bytes. */
  size: number;
  /** 0 to 1, downloaded and verified. */
  progress: number;
  /** @example video/mp4 */
  mimeType: string;
  /** Byte-range stream of the file. */
  streamUrl: string;
  /** HLS master playlist; present on audio and video files only. */
  hlsUrl?: string;
}

export class TorrentDto {
  /** Lowercase hex. */
  infoHash: string;
  /** Absent while the metadata is still on its way (only in the list). */
  name?: string;
  /** Total bytes. */
  size: number;
  /** 0 to 1 of the whole torrent. */
  progress: number;
  /** Connected peers. */
  peers: number;
  /** Bytes per second. */
  downloadSpeed: number;
  /** Bytes per second. */
  uploadSpeed: number;
  /** False until the metadata has arrived. */
  ready: boolean;
  /** Open stream readers on this torrent. */
  activeStreams: number;
  files: TorrentFileDto[];
}
