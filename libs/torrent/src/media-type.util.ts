import { lookup } from 'mime-types';

const EXTRA_TYPES: Record<string, string> = {
  // mime-types leaves these out or maps them to types browsers won't play (.mts: model/vnd.mts)
  mkv: 'video/x-matroska',
  mka: 'audio/x-matroska',
  mts: 'video/mp2t',
  m4v: 'video/mp4',
  ts: 'video/mp2t',
  m2ts: 'video/mp2t',
  flac: 'audio/flac',
  opus: 'audio/ogg',
};

export function mimeTypeOf(fileName: string): string {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  return EXTRA_TYPES[extension] ?? (lookup(fileName) || 'application/octet-stream');
}

/** What a file is, by its name: the one media predicate (HLS, hot edges, API URLs all use it). */
export type MediaKind = 'video' | 'audio' | 'other';

/** Audio and video files get an HLS URL and hot head/tail pieces; 'other' is answered 415 by HLS. */
export function mediaKindOf(fileName: string): MediaKind {
  const type = mimeTypeOf(fileName);
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  return 'other';
}
