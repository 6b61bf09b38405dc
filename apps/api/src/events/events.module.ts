import { Module } from '@nestjs/common';
import { PreloadModule } from '../preload/preload.module.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';

@Module({
  imports: [PreloadModule],
  controllers: [EventsController],
  providers: [EventsService],
})
export class EventsModule {}
