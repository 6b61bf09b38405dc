/** One line of an M3U playlist: a title and an absolute URL. */
export interface M3uEntry {
  title: string;
  url: string;
}

/** Episode 2 before episode 10, case and accents aside: how people number files. */
const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Sorts by `key` in natural order; ties keep their order (Array.prototype.sort is stable). */
export function naturalSort<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => NATURAL.compare(key(a), key(b)));
}

/**
 * An extended M3U playlist (#EXTM3U, `#EXTINF:-1,<title>`, then the URL). -1 means "length
 * unknown": players read it from the stream. Line breaks in a title would start a new
 * entry, so they become spaces.
 */
export function renderM3u(entries: readonly M3uEntry[]): string {
  const lines = ['#EXTM3U'];
  for (const entry of entries) {
    lines.push(`#EXTINF:-1,${entry.title.replace(/[\r\n]+/g, ' ')}`, entry.url);
  }
  return lines.join('\n') + '\n';
}

/** A safe `.m3u` download name from a torrent name. */
export function playlistFileName(name: string | undefined, fallback: string): string {
  // control characters are \s-free but unsafe in a header: \p{Cc} catches them
  const base = (name ?? '').replace(/[\\/:*?"<>|\p{Cc}\s]+/gu, ' ').trim() || fallback;
  return `${base.slice(0, 200)}.m3u`;
}
