import { Injectable, Logger } from '@nestjs/common';
import { TracksService, type MediaTracks } from '#hls';
import type { TorrentInfo } from '#torrent';
import { HlsSourceService } from '../hls/hls-source.service.js';

/** How long GET /torrent waits for probes; slower ones keep going and show up on the next GET. */
const PROBE_WAIT_MS = 8_000;

/** The audio and subtitle tracks of a torrent's media files, from the (cached) probe. */
@Injectable()
export class FileTracksService {
  private readonly logger = new Logger(FileTracksService.name);

  constructor(
    private readonly sources: HlsSourceService,
    private readonly tracks: TracksService,
  ) {}

  /** Tracks by file id, for the files probed within PROBE_WAIT_MS; a file that cannot be probed has none. */
  async ofTorrent(info: TorrentInfo): Promise<Map<number, MediaTracks>> {
    const found = new Map<number, MediaTracks>();
    const probes = info.files
      .filter((file) => file.kind !== 'other')
      .map(async (file) => {
        try {
          found.set(file.id, await this.tracks.tracks(this.sources.sourceFor(info.infoHash, file, info.files)));
        } catch (error) {
          this.logger.warn(`No tracks for ${file.path}: ${(error as Error).message}`);
        }
      });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, PROBE_WAIT_MS)));
    await Promise.race([Promise.all(probes), deadline]);
    clearTimeout(timer);
    return new Map(found);
  }
}
