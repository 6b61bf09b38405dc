/**
 * The API's JSON as the page reads it: the server's own DTO types (type-only imports,
 * erased by the bundler), so the page and the API cannot drift apart.
 */
import type { TorrentFileDto, TorrentSummaryDto } from '../../api/src/torrents/dto/torrent.dto.ts';

export type { ErrorBody } from '../../api/src/common/error-body.ts';
export type { ProgressEvent } from '../../api/src/events/progress-event.dto.ts';

/** An audio track as the tracks issue (8) lists it per file. */
export interface AudioTrack {
  id: number;
  language?: string;
  label?: string;
  codec?: string;
  channels?: number;
  default?: boolean;
}

/** A subtitle track as the tracks issue (8) lists it per file; `url` is WebVTT. */
export interface SubtitleTrack {
  id: number;
  language?: string;
  label?: string;
  convertible?: boolean;
  url?: string;
}

/** The menus fill from `audioTracks`/`subtitles` when the server sends them. */
export type TorrentFile = TorrentFileDto & { audioTracks?: AudioTrack[]; subtitles?: SubtitleTrack[] };

/** A torrent with or without its metadata (the detail adds `torrentFileUrl`). */
export type Torrent = Omit<TorrentSummaryDto, 'files'> & { files: TorrentFile[]; torrentFileUrl?: string };
