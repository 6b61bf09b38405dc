import { Injectable } from '@nestjs/common';
import { TorrentService, type TorrentInfo } from '#torrent';
import type { MediaUrlBuilder } from '../common/media-urls.js';
import { naturalSort, playlistFileName, renderM3u, type M3uEntry } from './m3u.util.js';

export interface Playlist {
  fileName: string;
  body: string;
}

/** M3U playlists of the media files held, with stream URLs that players open directly. */
@Injectable()
export class PlaylistsService {
  constructor(private readonly torrents: TorrentService) {}

  /** One torrent's media files in natural order; adds the torrent and waits for its metadata. */
  async ofTorrent(infoHash: string, urls: MediaUrlBuilder): Promise<Playlist> {
    const info = await this.torrents.ensureByHash(infoHash);
    return { fileName: playlistFileName(info.name, infoHash), body: renderM3u(entriesOf(info, urls)) };
  }

  /** Every media file of every torrent held (with metadata), torrents in natural order of name. */
  ofAll(urls: MediaUrlBuilder): Playlist {
    const ready = this.torrents.list().filter((info) => info.ready);
    const entries = naturalSort(ready, (info) => info.name ?? info.infoHash).flatMap((info) => entriesOf(info, urls));
    return { fileName: 'tod-p2m.m3u', body: renderM3u(entries) };
  }
}

function entriesOf(info: TorrentInfo, urls: MediaUrlBuilder): M3uEntry[] {
  const media = info.files.filter((file) => file.kind !== 'other');
  return naturalSort(media, (file) => file.path).map((file) => ({
    title: file.name,
    url: urls.stream({ infoHash: info.infoHash, fileId: file.id }, file.name),
  }));
}
