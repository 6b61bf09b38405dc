export { HlsModule } from './hls.module.js';
export { HlsService } from './hls.service.js';
export type { HlsActivity, HlsActivityListener } from './hls-activity.js';
export { HLS_OPTIONS, type HlsModuleOptions } from './hls.options.js';
export { HlsError, HlsErrorCode } from './hls.errors.js';
export type {
  AudioStreamInfo,
  BinaryInfo,
  HlsSource,
  MediaInfo,
  SegmentFile,
  VideoStreamInfo,
} from './media.types.js';
