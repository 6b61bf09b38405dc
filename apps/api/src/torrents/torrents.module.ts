import { Module } from '@nestjs/common';
import { TorrentsController } from './torrents.controller.js';
import { TorrentsService } from './torrents.service.js';

@Module({
  controllers: [TorrentsController],
  providers: [TorrentsService],
})
export class TorrentsModule {}
