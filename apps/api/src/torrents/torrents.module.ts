import { Module } from '@nestjs/common';
import { HlsApiModule } from '../hls/hls-api.module.js';
import { FileTracksService } from './file-tracks.service.js';
import { TorrentFileController } from './torrent-file.controller.js';
import { TorrentsController } from './torrents.controller.js';
import { AddTorrentService } from './add-torrent.service.js';

@Module({
  controllers: [TorrentFileController, TorrentsController],
  imports: [HlsApiModule],
  providers: [AddTorrentService, FileTracksService],
})
export class TorrentsModule {}
