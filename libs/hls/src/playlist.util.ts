import { outputCodecs } from './codec-string.util.js';
import type { MediaInfo } from './media.types.js';
import { segmentDurations, type SegmentPlan } from './segment-plan.util.js';

// Six decimals: with three, rounding drifts by up to 0.5 ms per segment and long films
// end up seconds off when a player seeks by summing EXTINFs.
const formatSeconds = (seconds: number) => seconds.toFixed(6);

/** A VOD playlist listing every segment up front, so players can seek anywhere at once. */
export function renderMediaPlaylist(boundaries: readonly number[], extension = 'ts'): string {
  const durations = segmentDurations(boundaries);
  // The spec wants EXTINF rounded to the nearest integer ≤ target; ceil of the max satisfies it.
  const target = Math.max(1, Math.ceil(Math.max(...durations) - 1e-6));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-MEDIA-SEQUENCE:0',
  ];
  durations.forEach((duration, index) => lines.push(`#EXTINF:${formatSeconds(duration)},`, `${index}.${extension}`));
  lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

/** One variant pointing at the relative media playlist; RESOLUTION only when there is video. */
export function renderMasterPlaylist(info: MediaInfo, plan: SegmentPlan): string {
  return ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-STREAM-INF:${variantAttributes(info, plan).join(',')}`, 'playlist.m3u8', ''].join('\n');
}

/**
 * BANDWIDTH, CODECS and RESOLUTION of the variant. `audio` overrides the plan's audio for
 * a video-only variant whose sound comes from renditions (their peak bitrate and codec).
 */
export function variantAttributes(info: MediaInfo, plan: SegmentPlan, audio?: { bandwidth: number; copy: boolean }): string[] {
  const codecs = outputCodecs(
    plan.video && info.video && { copy: plan.video.mode === 'copy', stream: info.video, encodeLevel: plan.video.encodeLevel },
    audio && info.audio
      ? { copy: audio.copy, stream: info.audio }
      : plan.audio && info.audio && { copy: plan.audio.mode === 'copy', stream: info.audio },
  );
  const attributes = [`BANDWIDTH=${plan.bandwidth + (audio?.bandwidth ?? 0)}`, `CODECS="${codecs}"`];
  if (plan.video) attributes.push(`RESOLUTION=${plan.video.width}x${plan.video.height}`);
  return attributes;
}
