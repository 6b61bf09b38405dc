import type { AudioTrack, SubtitleTrack } from './track.types.js';

export const AUDIO_GROUP = 'audio';
export const SUBTITLE_GROUP = 'subs';

/** The variant of a master playlist: its attributes (BANDWIDTH, CODECS, RESOLUTION…) and media playlist. */
export interface VariantEntry {
  attributes: string[];
  uri: string;
}

/** Relative URIs of the rendition playlists, beside master.m3u8. */
export const renditionUris = {
  video: 'video/playlist.m3u8',
  audio: (id: number) => `audio/${id}/playlist.m3u8`,
  subtitles: (id: number) => `subtitles/${id}/playlist.m3u8`,
};

/** A quoted-string attribute value: no `"`, CR or LF allowed (RFC 8216 §4.2). */
const quoted = (value: string) => `"${value.replace(/["\r\n]/g, "'").trim()}"`;
const yesNo = (value: boolean) => (value ? 'YES' : 'NO');

/**
 * A master playlist with `#EXT-X-MEDIA` audio renditions (when `audio` has two or more
 * tracks; the variant then carries video only) and subtitle renditions (convertible ones only),
 * the variant naming its groups with `AUDIO=` and `SUBTITLES=`.
 */
export function renderRenditionMaster(
  variant: VariantEntry,
  audio: readonly AudioTrack[],
  subtitles: readonly SubtitleTrack[],
): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  const attributes = [...variant.attributes];
  if (audio.length > 1) {
    const names = uniqueNames(audio.map((track) => track.label));
    audio.forEach((track, i) => {
      const entry = ['TYPE=AUDIO', `GROUP-ID="${AUDIO_GROUP}"`, `NAME=${quoted(names[i])}`];
      if (track.language) entry.push(`LANGUAGE=${quoted(track.language)}`);
      entry.push(
        `CHANNELS="${track.channels}"`,
        `DEFAULT=${yesNo(track.default)}`,
        'AUTOSELECT=YES',
        `URI=${quoted(renditionUris.audio(track.id))}`,
      );
      lines.push(`#EXT-X-MEDIA:${entry.join(',')}`);
    });
    attributes.push(`AUDIO="${AUDIO_GROUP}"`);
  }
  const texts = subtitles.filter((track) => track.convertible);
  if (texts.length > 0) {
    const names = uniqueNames(texts.map((track) => track.label));
    texts.forEach((track, i) => {
      const entry = ['TYPE=SUBTITLES', `GROUP-ID="${SUBTITLE_GROUP}"`, `NAME=${quoted(names[i])}`];
      if (track.language) entry.push(`LANGUAGE=${quoted(track.language)}`);
      // AUTOSELECT must be YES when DEFAULT is (RFC 8216 §4.3.4.1); forced tracks are shown by language
      entry.push(
        `DEFAULT=${yesNo(track.default)}`,
        'AUTOSELECT=YES',
        `FORCED=${yesNo(track.forced)}`,
        `URI=${quoted(renditionUris.subtitles(track.id))}`,
      );
      lines.push(`#EXT-X-MEDIA:${entry.join(',')}`);
    });
    attributes.push(`SUBTITLES="${SUBTITLE_GROUP}"`);
  }
  lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, variant.uri, '');
  return lines.join('\n');
}

/** NAME must be unique within a group: a repeated label gets ` 2`, ` 3`… */
function uniqueNames(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} ${count}`;
  });
}
