import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface HlsModuleOptions {
  /** Target segment length; copied video can only cut on source keyframes, so real ones vary. */
  segmentDurationSeconds: number;
  /** Concurrent segment-producing ffmpeg runs. */
  maxProcesses: number;
  /** Height cap when re-encoding; never upscales. */
  maxVideoHeight: number;
  /** A run nobody has asked anything of for this long is killed. */
  runIdleTimeoutMs: number;
  /** A run pauses once it is this many segments beyond the latest request. */
  segmentsAhead: number;
  /** Segments live under `<workDir>/<torrentKey>/...`, so one rm drops a torrent. */
  workDir: string;
  /** Overrides (FFMPEG_PATH / FFPROBE_PATH); else PATH, else the npm packages. */
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Audio renditions with more than two channels become stereo AAC instead of 5.1 AAC. */
  downmixAudio?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableHlsModule,
  MODULE_OPTIONS_TOKEN: HLS_OPTIONS,
} = new ConfigurableModuleBuilder<HlsModuleOptions>().build();
