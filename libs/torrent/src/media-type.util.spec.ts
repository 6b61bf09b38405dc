import { describe, expect, it } from 'vitest';
import { mediaKindOf, mimeTypeOf } from './media-type.util.js';

describe('mimeTypeOf', () => {
  it.each([
    ['movie.mp4', 'video/mp4'],
    ['Movie.MKV', 'video/x-matroska'],
    ['clip.webm', 'video/webm'],
    ['show.ts', 'video/mp2t'],
    ['song.mp3', 'audio/mpeg'],
    ['song.flac', 'audio/flac'],
    ['subs/en.srt', 'application/x-subrip'],
    ['readme.txt', 'text/plain'],
    ['noextension', 'application/octet-stream'],
  ])('%s is %s', (name, type) => {
    expect(mimeTypeOf(name)).toBe(type);
  });
});

describe('mediaKindOf', () => {
  it('knows video containers, the ones mime-types misses or mislabels included', () => {
    for (const name of ['a.mkv', 'b.MP4', 'c.ts', 'd.m2ts', 'd.mts', 'e.avi', 'f.webm', 'g.wmv', 'h.m4v']) expect(mediaKindOf(name), name).toBe('video');
  });

  it('knows audio files', () => {
    for (const name of ['g.mp3', 'h.flac', 'i.m4a', 'j.ogg', 'k.opus', 'l.mka']) expect(mediaKindOf(name), name).toBe('audio');
  });

  it('calls subtitles, text, images and names without an extension other', () => {
    for (const name of ['a.srt', 'b.nfo', 'c.txt', 'd.jpg', 'README', 'e.iso', 'f.vtt', 'g.ass']) expect(mediaKindOf(name), name).toBe('other');
  });
});
