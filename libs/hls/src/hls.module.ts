import { Module } from '@nestjs/common';
import { BinariesService } from './binaries.service.js';
import { FfmpegRunner } from './ffmpeg.runner.js';
import { HlsActivityHub } from './hls-activity.js';
import { HlsClock } from './hls.clock.js';
import { HlsService } from './hls.service.js';
import { ConfigurableHlsModule } from './hls.options.js';
import { KeyframeIndexReader } from './keyframe-index.reader.js';
import { ProbeService } from './probe.service.js';
import { SegmentService } from './segment.service.js';
import { SegmentStore } from './segment.store.js';
import { SidecarReader } from './tracks/sidecar.reader.js';
import { SubtitleService } from './tracks/subtitle.service.js';
import { TracksService } from './tracks/tracks.service.js';

@Module({
  providers: [HlsClock, HlsActivityHub, FfmpegRunner, BinariesService, KeyframeIndexReader, ProbeService, SegmentStore, SegmentService, HlsService,
    SidecarReader, SubtitleService, TracksService],
  exports: [HlsService, TracksService],
})
export class HlsModule extends ConfigurableHlsModule {}
