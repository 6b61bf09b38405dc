import { languageFromNameToken } from './language.util.js';
import type { SidecarMatch } from './track.types.js';

export interface TorrentFileRef {
  id: number;
  /** Path inside the torrent, forward slashes. */
  path: string;
}

const SUBTITLE_CODECS: Record<string, string> = { srt: 'subrip', ass: 'ass', ssa: 'ssa', vtt: 'webvtt' };
const SUBS_FOLDER = /^(subs?|subtitles?)$/i;
const FORCED = /^forced$/i;
const SDH = /^(sdh|cc|hi)$/i;

const extensionOf = (path: string) => /\.([^./]+)$/.exec(path)?.[1].toLowerCase() ?? '';
const dirOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const stemOf = (name: string) => name.replace(/\.[^.]+$/, '');

/**
 * Subtitle files of `video` by the usual naming: `Movie.srt`, `Movie.en.srt`, `Movie.English.forced.srt`
 * beside it; `Subs/Movie/2_English.srt`; and, when the torrent holds one video, any subtitle file
 * beside it or in `Subs/`. The language comes from the name's extra tokens where one says it.
 */
export function matchSidecars(
  video: TorrentFileRef,
  files: readonly TorrentFileRef[],
  videoCount: number,
): SidecarMatch[] {
  const dir = dirOf(video.path);
  const stem = stemOf(nameOf(video.path)).toLowerCase();
  const matches: SidecarMatch[] = [];
  for (const file of files) {
    const codec = SUBTITLE_CODECS[extensionOf(file.path)];
    if (!codec || file.id === video.id) continue;
    const tags = tagsFor(file.path, dir, stem, videoCount === 1);
    if (tags) matches.push({ fileId: file.id, path: file.path, codec, ...describeTags(tags) });
  }
  return matches;
}

/** The name tokens that may describe the subtitle, or undefined when the file is not this video's. */
function tagsFor(path: string, videoDir: string, videoStem: string, onlyVideo: boolean): string[] | undefined {
  const fileDir = dirOf(path);
  const stem = stemOf(nameOf(path));
  const lower = stem.toLowerCase();
  if (fileDir === videoDir) {
    if (lower === videoStem) return [];
    if (lower.startsWith(`${videoStem}.`)) return tokens(stem.slice(videoStem.length + 1));
    return onlyVideo ? tokens(stem) : undefined;
  }
  const relative = videoDir
    ? fileDir.startsWith(`${videoDir}/`)
      ? fileDir.slice(videoDir.length + 1)
      : undefined
    : fileDir;
  if (relative === undefined) return undefined;
  const [folder, sub, ...deeper] = relative.split('/');
  if (!SUBS_FOLDER.test(folder) || deeper.length > 0) return undefined;
  // Subs/<video stem>/2_English.srt belongs to that video; Subs/English.srt only when there is one video
  if (sub !== undefined) return sub.toLowerCase() === videoStem ? tokens(stem) : undefined;
  if (lower.startsWith(`${videoStem}.`)) return tokens(stem.slice(videoStem.length + 1));
  return onlyVideo ? tokens(stem) : undefined;
}

const tokens = (text: string) => text.split(/[.\s_\-[\]()]+/).filter(Boolean);

function describeTags(tags: readonly string[]): Pick<SidecarMatch, 'language' | 'forced' | 'hearingImpaired'> {
  // region tags such as pt-BR were split by the tokenizer; try adjacent pairs first
  let language: string | undefined;
  for (let i = 0; i < tags.length && !language; i++) {
    const pair =
      tags[i + 1] && /^[a-z]{2}$/i.test(tags[i]) && /^[A-Z]{2}$/.test(tags[i + 1])
        ? `${tags[i]}-${tags[i + 1]}`
        : undefined;
    language = (pair && languageFromNameToken(pair)) || languageFromNameToken(tags[i]);
  }
  return {
    ...(language ? { language } : {}),
    forced: tags.some((t) => FORCED.test(t)),
    hearingImpaired: tags.some((t) => SDH.test(t)),
  };
}
