import { lookup } from 'mime-types';

// mime-types misses or mislabels these common torrent containers
const MEDIA_EXTENSIONS = new Set(['mkv', 'mka', 'm4v', 'ts', 'm2ts', 'mts', 'flac', 'opus', 'webm', 'wmv', 'avi']);
// text/vnd.trolltech.linguist (.ts) and friends are not media here; these are never media
const NEVER_MEDIA = new Set(['srt', 'ass', 'ssa', 'sub', 'idx', 'vtt', 'nfo', 'txt', 'jpg', 'png']);

/** Audio or video by extension, so the app can offer an HLS URL or answer 415. */
export function isMediaFileName(fileName: string): boolean {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return false;
  const extension = fileName.slice(dot + 1).toLowerCase();
  if (NEVER_MEDIA.has(extension)) return false;
  if (MEDIA_EXTENSIONS.has(extension)) return true;
  const type = lookup(fileName);
  return typeof type === 'string' && (type.startsWith('video/') || type.startsWith('audio/'));
}
