import { lookup } from 'mime-types';

const EXTRA_TYPES: Record<string, string> = {
  // mime-types leaves these out or maps them to types browsers won't play
  mkv: 'video/x-matroska',
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

/** Audio and video files get an HLS URL and hot head/tail pieces. */
export function isPlayableMedia(fileName: string): boolean {
  const type = mimeTypeOf(fileName);
  return type.startsWith('video/') || type.startsWith('audio/');
}
