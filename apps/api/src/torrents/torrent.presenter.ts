import type { MediaTracks } from '#hls';
import { TorrentError, TorrentErrorCode, type TorrentInfo } from '#torrent';
import type { MediaFileRef, MediaUrlBuilder } from '../common/media-urls.js';
import type { TorrentDto, TorrentFileDto, TorrentPendingDto, TorrentStateDto, TorrentSummaryDto } from './dto/torrent.dto.js';

/** A torrent in the list (it may have no metadata yet), with absolute media URLs from `urls`. */
export function presentSummary(info: TorrentInfo, urls: MediaUrlBuilder): TorrentSummaryDto {
  return { ...presentState(info, urls), name: info.name };
}

/** A torrent whose metadata is in: the answer that always carries a name. */
export function presentTorrent(info: TorrentInfo, urls: MediaUrlBuilder, tracks?: ReadonlyMap<number, MediaTracks>): TorrentDto {
  if (info.name === undefined) {
    // callers only present a detail after waiting for the metadata
    throw new TorrentError(TorrentErrorCode.TorrentNotFound, `torrent ${info.infoHash} has no metadata yet`);
  }
  return { ...presentState(info, urls, tracks), name: info.name, torrentFileUrl: urls.metainfo(info.infoHash) };
}

/** A torrent held but (maybe) still without metadata: the body of a 202. */
export function presentPending(info: TorrentInfo, urls: MediaUrlBuilder): TorrentPendingDto {
  return { ...presentSummary(info, urls), eventsUrl: urls.events(info.infoHash) };
}

function presentState(info: TorrentInfo, urls: MediaUrlBuilder, tracks?: ReadonlyMap<number, MediaTracks>): TorrentStateDto {
  return {
    infoHash: info.infoHash,
    size: info.size,
    progress: info.progress,
    peers: info.peers,
    downloadSpeed: info.downloadSpeed,
    uploadSpeed: info.uploadSpeed,
    ready: info.ready,
    activeStreams: info.activeReaders,
    playlistUrl: urls.torrentPlaylist(info.infoHash),
    files: info.files.map((file): TorrentFileDto => {
      const ref = { infoHash: info.infoHash, fileId: file.id };
      return {
        id: file.id,
        name: file.name,
        path: file.path,
        size: file.size,
        progress: file.progress,
        mimeType: file.mimeType,
        streamUrl: urls.stream(ref, file.name),
        hlsUrl: file.kind === 'other' ? undefined : urls.hlsMaster(ref),
        ...presentTracks(tracks?.get(file.id), file.kind === 'video', ref, urls),
      };
    }),
  };
}

function presentTracks(
  tracks: MediaTracks | undefined,
  isVideo: boolean,
  ref: MediaFileRef,
  urls: MediaUrlBuilder,
): Pick<TorrentFileDto, 'audioTracks' | 'subtitles'> {
  if (!tracks) return {};
  const audioTracks = tracks.audio.map(({ id, language, label, codec, channels, default: isDefault }) => ({
    id,
    language,
    label,
    codec,
    channels,
    default: isDefault,
  }));
  if (!isVideo) return { audioTracks };
  const subtitles = tracks.subtitles.map(({ id, language, label, source, codec, convertible }) => ({
    id,
    language,
    label,
    source,
    codec,
    convertible,
    url: convertible ? urls.subtitle(ref, id) : undefined,
  }));
  return { audioTracks, subtitles };
}
