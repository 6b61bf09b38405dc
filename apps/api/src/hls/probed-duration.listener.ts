import { Injectable } from '@nestjs/common';
import { HlsService } from '#hls';
import { TorrentService } from '#torrent';
import { fileIdOfKey } from './file-key.util.js';

/**
 * Hands every probed duration to the torrent engine, so the readers of that file size their
 * read-ahead windows in seconds of media rather than at an assumed bitrate.
 */
@Injectable()
export class ProbedDurationListener {
  constructor(hls: HlsService, torrents: TorrentService) {
    hls.onActivity((activity) => {
      if (activity.type !== 'probed') return;
      const fileId = fileIdOfKey(activity.fileKey);
      if (fileId !== undefined) torrents.noteDuration(activity.torrentKey, fileId, activity.durationSeconds);
    });
  }
}
