import type { HlsSource, MediaInfo, Rendition } from '../media.types.js';
import { canCopyAudio, type SegmentPlan } from '../segment-plan.util.js';
import type { AudioTrack } from './track.types.js';

// TS packet and PES headers over the elementary stream, as in segment-plan.util
const TS_OVERHEAD = 1.1;

/** AAC channels of an audio rendition: 5.1 stays 5.1 (7.1 and other layouts become 5.1), unless downmixing. */
export function renditionChannels(track: Pick<AudioTrack, 'channels'>, downmix: boolean): number {
  if (track.channels <= 2) return track.channels;
  return downmix ? 2 : 6;
}

/** 128k per stereo pair, the usual AAC-LC transparency point; 5.1 gets 384k. */
export function renditionBitrateKbps(channels: number): number {
  return channels <= 2 ? 128 : 384;
}

/**
 * The plan of one alternate rendition, derived from the file's muxed plan so that every
 * rendition shares its boundaries (the video's keyframe cuts) and its -copyts timeline:
 * segment N of the video and of every audio track start together, and a switch lands clean.
 */
export function planRendition(base: SegmentPlan, info: MediaInfo, rendition: Rendition, downmix: boolean): SegmentPlan {
  if (rendition.kind === 'video') {
    const audioBps = base.audio ? renditionBitrateKbps(2) * 1000 * TS_OVERHEAD : 0;
    return { ...base, audio: undefined, bandwidth: Math.max(1, Math.round(base.bandwidth - audioBps)) };
  }
  const track = info.audioTracks[rendition.trackId];
  const channels = renditionChannels(track, downmix);
  const copy =
    track.codec === 'aac' &&
    canCopyAudio({ index: track.streamIndex, codec: track.codec, profile: track.profile }) &&
    channels === track.channels;
  const bitrateKbps = renditionBitrateKbps(channels);
  return {
    audio: copy
      ? { mode: 'copy', streamIndex: track.streamIndex }
      : { mode: 'encode', streamIndex: track.streamIndex, channels, bitrateKbps },
    boundaries: base.boundaries,
    cuts: 'audio',
    bandwidth: Math.round((copy && track.bitRate ? track.bitRate : bitrateKbps * 1000) * TS_OVERHEAD),
  };
}

/** Plans and runs are per rendition: `<fileKey>`, `<fileKey>#video`, `<fileKey>#audio<id>`. */
export function renditionKey(src: Pick<HlsSource, 'fileKey' | 'rendition'>): string {
  if (!src.rendition) return src.fileKey;
  return src.rendition.kind === 'video' ? `${src.fileKey}#video` : `${src.fileKey}#audio${src.rendition.trackId}`;
}
