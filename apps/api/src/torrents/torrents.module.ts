import { Module } from '@nestjs/common';
import { TorrentFileController } from './torrent-file.controller.js';
import { TorrentsController } from './torrents.controller.js';
import { TorrentsService } from './torrents.service.js';

@Module({
  controllers: [TorrentFileController, TorrentsController],
  providers: [TorrentsService],
})
export class TorrentsModule {}
