import { Module } from '@nestjs/common';
import { HlsApiModule } from '../hls/hls-api.module.js';
import { PreloadController } from './preload.controller.js';
import { PreloadService } from './preload.service.js';

@Module({
  imports: [HlsApiModule],
  controllers: [PreloadController],
  providers: [PreloadService],
  exports: [PreloadService],
})
export class PreloadModule {}
