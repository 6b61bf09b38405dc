import { Module } from '@nestjs/common';
import { ConfigurableTorrentModule } from './torrent.options.js';
import { TorrentService } from './torrent.service.js';
import { WebTorrentEngine } from './webtorrent.engine.js';

@Module({
  providers: [WebTorrentEngine, TorrentService],
  exports: [TorrentService, WebTorrentEngine],
})
export class TorrentModule extends ConfigurableTorrentModule {}
