/**
 * The API's JSON as the page reads it: the server's own DTO types (type-only imports,
 * erased by the bundler), so the page and the API cannot drift apart.
 */
import type { TorrentFileDto, TorrentSummaryDto } from '../../api/src/torrents/dto/torrent.dto.ts';

export type { ErrorBody } from '../../api/src/common/error-body.ts';
export type { ProgressEvent } from '../../api/src/events/progress-event.dto.ts';

export type { AudioTrackDto as AudioTrack, SubtitleTrackDto as SubtitleTrack } from '../../api/src/torrents/dto/track.dto.ts';

/** A file of the torrent JSON; video files carry `audioTracks` and `subtitles` once probed. */
export type TorrentFile = TorrentFileDto;

/** A torrent with or without its metadata (the detail adds `torrentFileUrl`). */
export type Torrent = Omit<TorrentSummaryDto, 'files'> & { files: TorrentFile[]; torrentFileUrl?: string };
