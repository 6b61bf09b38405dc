import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from './media.types.js';

/** How one file becomes segments; every run for that file follows the same plan. */
export interface SegmentPlan {
  video?: {
    mode: 'copy' | 'encode';
    streamIndex: number;
    width: number;
    height: number;
    /** x264 level_idc we ask for when encoding (also what the CODECS attribute says). */
    encodeLevel: number;
    /** VBV cap when encoding, so BANDWIDTH is a promise we keep. */
    maxRateKbps: number;
  };
  /** Encoded audio is AAC with `channels` (2 unless said) at `bitrateKbps` (128 unless said). */
  audio?: { mode: 'copy' | 'encode'; streamIndex: number; channels?: number; bitrateKbps?: number };
  /** Segment i covers [boundaries[i], boundaries[i+1]) on the start-at-zero timeline. */
  boundaries: number[];
  /** Where the cuts come from: source keyframes (copy), forced keyframes (encode), or audio packets. */
  cuts: 'source-keyframes' | 'forced-keyframes' | 'audio';
  /** Peak bits per second for the master playlist. */
  bandwidth: number;
}

export interface PlanOptions {
  segmentDurationSeconds: number;
  maxVideoHeight: number;
}

/** A last segment shorter than this is folded into the one before: players stall on slivers. */
const MIN_TAIL_SECONDS = 0.5;
const AUDIO_ENCODE_KBPS = 128;
// TS packet headers, PES headers and PAT/PMT add a few percent over the elementary streams
const TS_OVERHEAD = 1.1;
const COPYABLE_AVC_PROFILES = new Set(['constrained baseline', 'baseline', 'main', 'high']);
const COPYABLE_AAC_PROFILES = new Set(['lc', 'he-aac', 'he-aacv2']);

/** Browsers decode 8-bit 4:2:0 H.264 up to High; Hi10P and 4:4:4 must be re-encoded. */
export function canCopyVideo(video: VideoStreamInfo): boolean {
  if (video.codec !== 'h264') return false;
  if (video.profile !== undefined && !COPYABLE_AVC_PROFILES.has(video.profile.toLowerCase())) return false;
  return video.pixelFormat === undefined || video.pixelFormat === 'yuv420p' || video.pixelFormat === 'yuvj420p';
}

export function canCopyAudio(audio: AudioStreamInfo): boolean {
  return audio.codec === 'aac' && (audio.profile === undefined || COPYABLE_AAC_PROFILES.has(audio.profile.toLowerCase()));
}

/** Fit under maxHeight keeping the aspect ratio, never upscaling; x264 4:2:0 needs even sizes. */
export function capDimensions(width: number, height: number, maxHeight: number): { width: number; height: number } {
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
  if (height <= maxHeight) return { width: even(width), height: even(height) };
  return { width: even((width * maxHeight) / height), height: even(maxHeight) };
}

export function encodeMaxRateKbps(height: number): number {
  if (height <= 360) return 1000;
  if (height <= 480) return 1500;
  if (height <= 720) return 3000;
  if (height <= 1080) return 6000;
  return 12000;
}

/**
 * Rounds down to the microsecond ffmpeg parses, but never below a time that only floating
 * point pushed under it (2.002 is 2.0019999… as a double): `-ss` just past a keyframe would
 * drop that keyframe in stream copy.
 */
export function toMicros(seconds: number): number {
  return Math.floor(seconds * 1e6 + 1e-3) / 1e6;
}

/**
 * Segment boundaries, first 0 and last the duration. With keyframes (stream copy) each cut is
 * the first keyframe at or after the next multiple of the target, so indexes stay close to
 * time/target; without them the cuts are the multiples themselves and the encoder is told to
 * put keyframes there.
 */
export function computeBoundaries(duration: number, target: number, keyframes?: readonly number[]): number[] {
  const cuts = [0];
  const lastCutBefore = duration - MIN_TAIL_SECONDS;
  if (keyframes) {
    let next = target;
    for (const keyframe of keyframes) {
      if (keyframe >= lastCutBefore) break;
      if (keyframe < next - 1e-6) continue;
      cuts.push(toMicros(keyframe));
      while (next <= keyframe + 1e-6) next += target;
    }
  } else {
    for (let k = 1; k * target < lastCutBefore; k++) cuts.push(toMicros(k * target));
  }
  cuts.push(toMicros(duration));
  return cuts;
}

export function segmentDurations(boundaries: readonly number[]): number[] {
  return boundaries.slice(1).map((end, i) => end - boundaries[i]);
}

export function planSegments(info: MediaInfo, options: PlanOptions): SegmentPlan {
  const target = options.segmentDurationSeconds;
  const audio = info.audio && {
    mode: canCopyAudio(info.audio) ? ('copy' as const) : ('encode' as const),
    streamIndex: info.audio.index,
  };
  const audioBps = !audio ? 0 : audio.mode === 'copy' ? (info.audio?.bitRate ?? AUDIO_ENCODE_KBPS * 1000) : AUDIO_ENCODE_KBPS * 1000;
  if (!info.video) {
    return {
      audio,
      boundaries: computeBoundaries(info.durationSeconds, target),
      cuts: 'audio',
      bandwidth: Math.round(audioBps * TS_OVERHEAD),
    };
  }
  const copy = canCopyVideo(info.video) && (info.keyframes?.length ?? 0) > 0;
  const size = copy
    ? { width: info.video.width, height: info.video.height }
    : capDimensions(info.video.width, info.video.height, options.maxVideoHeight);
  const maxRateKbps = encodeMaxRateKbps(size.height);
  // A copied stream's peak is unknown without reading it all; 1.5× its average is the usual guess.
  const sourceVideoBps =
    info.video.bitRate ?? (Math.max(0, (info.bitRate ?? 0) - (info.audio?.bitRate ?? 0)) || maxRateKbps * 1000);
  const videoBps = copy ? Math.round(sourceVideoBps * 1.5) : maxRateKbps * 1000;
  return {
    video: {
      mode: copy ? 'copy' : 'encode',
      streamIndex: info.video.index,
      ...size,
      encodeLevel: size.height > 1080 ? 51 : 40,
      maxRateKbps,
    },
    audio,
    boundaries: computeBoundaries(info.durationSeconds, target, copy ? info.keyframes : undefined),
    cuts: copy ? 'source-keyframes' : 'forced-keyframes',
    bandwidth: Math.round((videoBps + audioBps) * TS_OVERHEAD),
  };
}

/** When a source reports no bitrate: a generous HD figure, since this sizes a reservation. */
const UNKNOWN_SOURCE_BPS = 8_000_000;

/** Disk bytes of a segment of `seconds`: the encoder's cap when re-encoding, else the source bitrate. */
export function estimateSegmentBytes(seconds: number, plan: SegmentPlan, info: MediaInfo): number {
  const videoBps = plan.video?.mode === 'encode' ? plan.video.maxRateKbps * 1000 : 0;
  const audioBps = plan.audio?.mode === 'encode' ? AUDIO_ENCODE_KBPS * 1000 : 0;
  const bitsPerSecond = videoBps > 0 ? videoBps + audioBps : (info.bitRate ?? UNKNOWN_SOURCE_BPS) + audioBps;
  return Math.ceil(((seconds * bitsPerSecond) / 8) * TS_OVERHEAD);
}
