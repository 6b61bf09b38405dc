import type { AudioStreamInfo, VideoStreamInfo } from './media.types.js';

// profile_idc and constraint flags byte as Apple's HLS authoring spec writes them
const AVC_PROFILES: Record<string, string> = {
  'constrained baseline': '42e0',
  baseline: '4200',
  main: '4d40',
  extended: '5800',
  high: '6400',
  'high 10': '6e00',
  'high 4:2:2': '7a00',
  'high 4:4:4 predictive': 'f400',
};

/** Level 4.0 when unknown: what most 1080p H.264 declares, so players don't refuse it. */
const DEFAULT_AVC_LEVEL = 40;

/** RFC 6381 `avc1.PPCCLL` for an H.264 stream. */
export function avcCodecString(profile: string | undefined, level: number | undefined): string {
  const profileHex = AVC_PROFILES[(profile ?? 'high').toLowerCase()] ?? AVC_PROFILES.high;
  const levelIdc = level !== undefined && level > 0 ? level : DEFAULT_AVC_LEVEL;
  return `avc1.${profileHex}${levelIdc.toString(16).padStart(2, '0')}`;
}

/** RFC 6381 `mp4a.40.<object type>` for AAC; LC unless the source says HE. */
export function aacCodecString(profile: string | undefined): string {
  const name = (profile ?? '').toLowerCase();
  if (name === 'he-aacv2') return 'mp4a.40.29';
  if (name === 'he-aac') return 'mp4a.40.5';
  return 'mp4a.40.2';
}

/** The CODECS attribute of the output: copied streams keep their profile, encoded ones are ours. */
export function outputCodecs(
  video: { copy: boolean; stream: VideoStreamInfo; encodeLevel: number } | undefined,
  audio: { copy: boolean; stream: AudioStreamInfo } | undefined,
): string {
  const codecs: string[] = [];
  if (video) {
    codecs.push(
      video.copy ? avcCodecString(video.stream.profile, video.stream.level) : avcCodecString('high', video.encodeLevel),
    );
  }
  if (audio) codecs.push(audio.copy ? aacCodecString(audio.stream.profile) : aacCodecString('LC'));
  return codecs.join(',');
}
