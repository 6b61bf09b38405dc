/** Domain failures of HLS; the API's exception filter maps each code to an HTTP status. */
export const HlsErrorCode = {
  /** Not audio or video by name: 415. */
  NotMedia: 'NotMedia',
  /** ffprobe could not read it, or it has no usable stream or duration: 422. */
  Unprobeable: 'Unprobeable',
  /** Index past the last segment: 404. */
  SegmentNotFound: 'SegmentNotFound',
  /** Every ffmpeg slot is busy: 503 with Retry-After. */
  TooManyProcesses: 'TooManyProcesses',
  /** ffmpeg died or produced a segment that disagrees with the playlist: 502. */
  FfmpegFailed: 'FfmpegFailed',
  /** No audio or subtitle track with that id in the file: 404. */
  TrackNotFound: 'TrackNotFound',
  /** A picture subtitle (PGS, VobSub…) asked for as WebVTT: 415 naming the codec. */
  SubtitleNotConvertible: 'SubtitleNotConvertible',
  /** A sidecar that is empty, binary, or holds no cue: 422. */
  BadSubtitle: 'BadSubtitle',
  /** A sidecar larger than any real subtitle file: 413. */
  SubtitleTooLarge: 'SubtitleTooLarge',
} as const;
export type HlsErrorCode = (typeof HlsErrorCode)[keyof typeof HlsErrorCode];

export class HlsError extends Error {
  constructor(
    readonly code: HlsErrorCode,
    message: string,
    readonly detail?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HlsError';
  }
}
