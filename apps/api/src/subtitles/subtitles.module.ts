import { Module } from '@nestjs/common';
import { HlsApiModule } from '../hls/hls-api.module.js';
import { SubtitlesController } from './subtitles.controller.js';

/** WebVTT for `<track>` beside byte-range streams; the HLS subtitle renditions live in HlsApiModule. */
@Module({
  imports: [HlsApiModule],
  controllers: [SubtitlesController],
})
export class SubtitlesModule {}
