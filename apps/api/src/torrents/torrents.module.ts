import { Module } from '@nestjs/common';
import { TorrentFileController } from './torrent-file.controller.js';
import { TorrentsController } from './torrents.controller.js';
import { AddTorrentService } from './add-torrent.service.js';

@Module({
  controllers: [TorrentFileController, TorrentsController],
  providers: [AddTorrentService],
})
export class TorrentsModule {}
