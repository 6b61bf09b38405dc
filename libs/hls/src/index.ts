export { HlsModule } from './hls.module.js';
export { HlsService } from './hls.service.js';
export type { HlsActivity, HlsActivityListener } from './hls-activity.js';
export { HLS_OPTIONS, type HlsModuleOptions } from './hls.options.js';
export { HlsError, HlsErrorCode } from './hls.errors.js';
export { TracksService } from './tracks/tracks.service.js';
export { matchSidecars, type TorrentFileRef } from './tracks/sidecar-match.util.js';
export type { AudioTrack, MediaTracks, SidecarMatch, SubtitleTrack } from './tracks/track.types.js';
export type {
  AudioStreamInfo,
  BinaryInfo,
  HlsSource,
  Rendition,
  SidecarFile,
  MediaInfo,
  SegmentFile,
  VideoStreamInfo,
} from './media.types.js';
