import { ApiProperty } from '@nestjs/swagger';

/** One audio track of a media file; every one is an HLS audio rendition when there are several. */
export class AudioTrackDto {
  /** 0-based among the file's audio tracks: the id in `/hls/.../audio/{id}/`. */
  id: number;
  /** BCP 47, when the file says one. @example en */
  language?: string;
  /** @example English 5.1 */
  label: string;
  /** The source codec (HLS serves AAC). @example ac3 */
  codec: string;
  /** @example 6 */
  channels: number;
  /** The file's default track (flagged, else the first). */
  default: boolean;
}

/** One subtitle of a video file: a text track inside it, or a subtitle file beside it. */
export class SubtitleTrackDto {
  /** Embedded tracks first, then sidecar files: the id in the subtitle URL. */
  id: number;
  /** BCP 47, from the container or the file name. @example fr */
  language?: string;
  /** @example French (forced) */
  label: string;
  /** Inside the file, or a subtitle file beside it in the torrent. */
  @ApiProperty({ enum: ['embedded', 'sidecar'] })
  source: 'embedded' | 'sidecar';
  /** @example subrip */
  codec: string;
  /** False for picture subtitles (PGS, VobSub): no WebVTT, no url. */
  convertible: boolean;
  /** The track as WebVTT (UTF-8); present when convertible. */
  url?: string;
}
