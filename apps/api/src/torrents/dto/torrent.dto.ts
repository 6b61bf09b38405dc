import { AudioTrackDto, SubtitleTrackDto } from './track.dto.js';

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
  /** Byte-range stream of the file: `/stream/{infoHash}/{fileId}/{fileName}`. */
  streamUrl: string;
  /** HLS master playlist; present on audio and video files only. */
  hlsUrl?: string;
  /** Audio tracks from the probe; on audio and video files once probed (GET /torrent/{infoHash} probes them). */
  audioTracks?: AudioTrackDto[];
  /** Embedded text and picture subtitles and matching subtitle files; on video files once probed. */
  subtitles?: SubtitleTrackDto[];
}

/** What every torrent answer holds, with or without metadata. */
export class TorrentStateDto {
  /** Lowercase hex. */
  infoHash: string;
  /** Total bytes (0 until the metadata is in). */
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
  /** An M3U playlist of the torrent's media files, for VLC, mpv, Kodi or a TV. */
  playlistUrl: string;
  /** Empty until the metadata is in. */
  files: TorrentFileDto[];
}

/** A torrent in the list: it may still wait for its metadata, so it may have no name yet. */
export class TorrentSummaryDto extends TorrentStateDto {
  /** Absent while the metadata is still on its way. */
  name?: string;
}

/** One torrent with its metadata in: it always has a name and its files. */
export class TorrentDto extends TorrentStateDto {
  name: string;
  /** The metainfo file, for another BitTorrent client. */
  torrentFileUrl: string;
}

/** A non-blocking add (202): the torrent is held and fetching its metadata. */
export class TorrentPendingDto extends TorrentSummaryDto {
  /** Follow progress here (Server-Sent Events). */
  eventsUrl: string;
}
