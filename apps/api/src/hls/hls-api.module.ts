import { Module } from '@nestjs/common';
import { HlsModule } from '#hls';
import { AppConfig } from '../config/app.config.js';
import { HlsLifecycle } from './hls-lifecycle.service.js';
import { HlsSourceService } from './hls-source.service.js';
import { HlsController } from './hls.controller.js';
import { hlsWorkDir } from '../common/node-data-dir.js';
import { HlsRenditionsController } from './hls-renditions.controller.js';
import { ProbedDurationListener } from './probed-duration.listener.js';

/** A run nobody asks anything of for this long is killed. */
const RUN_IDLE_TIMEOUT_MS = 30_000;
/** How far one run may work ahead of the latest request. */
const SEGMENTS_AHEAD = 3;

@Module({
  imports: [
    HlsModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        segmentDurationSeconds: config.hlsSegmentDuration,
        maxProcesses: config.hlsMaxProcesses,
        maxVideoHeight: config.hlsMaxHeight,
        runIdleTimeoutMs: RUN_IDLE_TIMEOUT_MS,
        segmentsAhead: SEGMENTS_AHEAD,
        workDir: hlsWorkDir(config),
        ffmpegPath: config.ffmpegPath,
        ffprobePath: config.ffprobePath,
        downmixAudio: config.hlsAudioDownmix,
      }),
    }),
  ],
  controllers: [HlsController, HlsRenditionsController],
  providers: [HlsSourceService, HlsLifecycle, ProbedDurationListener],
  // metrics and readiness read the HLS lib's numbers and binaries; torrents and subtitles read tracks
  exports: [HlsModule, HlsSourceService],
})
export class HlsApiModule {}
