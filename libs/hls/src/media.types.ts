import type { AudioTrack, EmbeddedSubtitle, SidecarMatch } from './tracks/track.types.js';

/** A subtitle file matched to a video, and how to read it (our own byte-range URL). */
export interface SidecarFile extends SidecarMatch {
  size: number;
  url: string;
}

/** Which part of a file a segment run makes: all of it muxed (default), video alone, or one audio track alone. */
export type Rendition = { kind: 'video' } | { kind: 'audio'; trackId: number };

/** One file the HLS layer can read: ffmpeg fetches it over HTTP byte ranges from our own server. */
export interface HlsSource {
  /** Groups files for removal; the info hash. */
  torrentKey: string;
  /** Unique per file, e.g. `${infoHash}/${fileId}`. */
  fileKey: string;
  /** HTTP URL of the byte-range stream; must honour Range. */
  url: string;
  /**
   * Request headers every read of `url` sends (ffprobe/ffmpeg `-headers`, our own fetches):
   * a credential goes here, never in the URL, which ends up in logs.
   */
  headers?: Readonly<Record<string, string>>;
  fileName: string;
  /** From the torrent lib's file info (its one media predicate); 'other' is refused as NotMedia. */
  kind: 'video' | 'audio' | 'other';
  /** Subtitle files of the same torrent matched to this one (matchSidecars). */
  sidecars?: SidecarFile[];
  /** Set by the lib for alternate renditions; the app never sets it. */
  rendition?: Rendition;
}

export interface VideoStreamInfo {
  /** Absolute stream index in the container, for `-map 0:<index>`. */
  index: number;
  codec: string;
  profile?: string;
  /** H.264 level_idc, e.g. 31; undefined when unknown. */
  level?: number;
  width: number;
  height: number;
  pixelFormat?: string;
  frameRate?: number;
  bitRate?: number;
  /** The stream's first timestamp (container timeline), when ffprobe gave it. */
  startTimeSeconds?: number;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  profile?: string;
  channels?: number;
  sampleRate?: number;
  bitRate?: number;
}

export interface MediaInfo {
  formatName: string;
  durationSeconds: number;
  /** Container start; ffmpeg runs use `-start_at_zero`, so every time we hand out is relative to it. */
  startTimeSeconds: number;
  bitRate?: number;
  video?: VideoStreamInfo;
  /** The default audio track (flagged default, else the first): what the muxed variant carries. */
  audio?: AudioStreamInfo;
  /** Every audio stream, in container order. */
  audioTracks: AudioTrack[];
  /** Every subtitle stream, in container order, text and picture alike. */
  subtitleStreams: EmbeddedSubtitle[];
  /** Video keyframe times relative to the start, when the container index gave them cheaply. */
  keyframes?: number[];
  /** Which tool read the header: ffprobe, or `ffmpeg -i` when ffprobe crashed. */
  probedWith: 'ffprobe' | 'ffmpeg';
}

/** A complete MPEG-TS segment on disk. */
export interface SegmentFile {
  path: string;
  size: number;
}

export interface BinaryInfo {
  path: string;
  version: string;
  /** False when `-version` did not run cleanly: HLS cannot work (readiness reports it). */
  found: boolean;
}
