/** One audio stream of a file: an HLS audio rendition and an entry of the torrent JSON. */
export interface AudioTrack {
  /** 0-based among the file's audio streams (`0:a:<id>`); the id in URLs. */
  id: number;
  /** Absolute stream index, for `-map 0:<index>`. */
  streamIndex: number;
  codec: string;
  profile?: string;
  channels: number;
  sampleRate?: number;
  bitRate?: number;
  /** BCP 47, when the container says one. */
  language?: string;
  label: string;
  default: boolean;
}

/** Text codecs ffmpeg turns into WebVTT; every other subtitle codec is a picture (PGS, VobSub, DVB). */
export const TEXT_SUBTITLE_CODECS: ReadonlySet<string> = new Set([
  'subrip',
  'srt',
  'ass',
  'ssa',
  'mov_text',
  'webvtt',
  'text',
]);

/** A subtitle stream inside the container. */
export interface EmbeddedSubtitle {
  streamIndex: number;
  codec: string;
  language?: string;
  title?: string;
  default: boolean;
  forced: boolean;
  /** Hearing impaired (SDH). */
  hearingImpaired: boolean;
}

/** A subtitle file beside the video in the same torrent, matched by name. */
export interface SidecarMatch {
  fileId: number;
  path: string;
  /** `subrip`, `ass`, `ssa` or `webvtt`, from the extension. */
  codec: string;
  language?: string;
  forced: boolean;
  hearingImpaired: boolean;
}

/** Every subtitle of a video file, embedded first, then sidecars by path. */
export interface SubtitleTrack {
  /** Position in this list: the id in URLs. */
  id: number;
  source: 'embedded' | 'sidecar';
  codec: string;
  /** False for picture subtitles (PGS, VobSub), which cannot become WebVTT. */
  convertible: boolean;
  language?: string;
  label: string;
  default: boolean;
  forced: boolean;
  /** Embedded: the stream index. */
  streamIndex?: number;
  /** Sidecar: the torrent file. */
  sidecar?: SidecarMatch;
}

/** What a player can pick from in one media file. */
export interface MediaTracks {
  audio: AudioTrack[];
  subtitles: SubtitleTrack[];
}
