import { languageName, toBcp47 } from './language.util.js';
import {
  TEXT_SUBTITLE_CODECS,
  type AudioTrack,
  type EmbeddedSubtitle,
  type SidecarMatch,
  type SubtitleTrack,
} from './track.types.js';

/** The fields of one `ffprobe -show_streams` entry the track list reads. */
export interface ProbedStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  channels?: number;
  sample_rate?: string;
  bit_rate?: string;
  tags?: Record<string, string | undefined>;
  disposition?: Record<string, number | undefined>;
}

const CHANNEL_NAMES: Record<number, string> = { 1: 'mono', 2: 'stereo', 6: '5.1', 8: '7.1' };

const num = (value: string | undefined): number | undefined => {
  const n = Number.parseFloat(value ?? '');
  return Number.isFinite(n) ? n : undefined;
};

const tag = (stream: ProbedStream, name: string): string | undefined => {
  const tags = stream.tags ?? {};
  const key = Object.keys(tags).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : tags[key]?.trim();
  return value || undefined;
};

/** Every audio stream, in container order; the default is the one flagged so, else the first. */
export function audioTracksOf(streams: readonly ProbedStream[]): AudioTrack[] {
  const audio = streams.filter((s) => s.codec_type === 'audio');
  const flagged = audio.findIndex((s) => s.disposition?.default === 1);
  const defaultId = flagged === -1 ? 0 : flagged;
  return audio.map((stream, id) => {
    const language = toBcp47(tag(stream, 'language'));
    const channels = stream.channels && stream.channels > 0 ? stream.channels : 2;
    const title = tag(stream, 'title');
    const describe = [languageName(language) ?? language, CHANNEL_NAMES[channels] ?? `${channels} ch`]
      .filter(Boolean)
      .join(' ');
    return prune({
      id,
      streamIndex: stream.index,
      codec: stream.codec_name ?? 'unknown',
      profile: stream.profile,
      channels,
      sampleRate: num(stream.sample_rate),
      bitRate: num(stream.bit_rate),
      language,
      label: title ?? (language ? describe : `Audio ${id + 1} (${describe})`),
      default: id === defaultId,
    });
  });
}

export function embeddedSubtitlesOf(streams: readonly ProbedStream[]): EmbeddedSubtitle[] {
  return streams
    .filter((s) => s.codec_type === 'subtitle')
    .map((stream) =>
      prune({
        streamIndex: stream.index,
        codec: stream.codec_name ?? 'unknown',
        language: toBcp47(tag(stream, 'language')),
        title: tag(stream, 'title'),
        default: stream.disposition?.default === 1,
        forced: stream.disposition?.forced === 1,
        hearingImpaired: stream.disposition?.hearing_impaired === 1,
      }),
    );
}

/** Embedded tracks first (container order), then sidecars (by path); the position is the id. */
export function subtitleTracksOf(
  embedded: readonly EmbeddedSubtitle[],
  sidecars: readonly SidecarMatch[],
): SubtitleTrack[] {
  const tracks: Omit<SubtitleTrack, 'id'>[] = [
    ...embedded.map((sub) => ({
      source: 'embedded' as const,
      codec: sub.codec,
      convertible: TEXT_SUBTITLE_CODECS.has(sub.codec),
      language: sub.language,
      label: sub.title ?? describe(sub.language, sub.forced, sub.hearingImpaired),
      default: sub.default,
      forced: sub.forced,
      streamIndex: sub.streamIndex,
    })),
    ...[...sidecars]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((sidecar) => ({
        source: 'sidecar' as const,
        codec: sidecar.codec,
        convertible: true,
        language: sidecar.language,
        label: describe(sidecar.language, sidecar.forced, sidecar.hearingImpaired, sidecar.path),
        default: false,
        forced: sidecar.forced,
        sidecar,
      })),
  ];
  return tracks.map((track, id) => prune({ id, ...track }));
}

function describe(language: string | undefined, forced: boolean, sdh: boolean, path?: string): string {
  const base = languageName(language) ?? language ?? (path ? path.split('/').pop() : undefined) ?? 'Unknown';
  return `${base}${forced ? ' (forced)' : ''}${sdh ? ' (SDH)' : ''}`;
}

function prune<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
