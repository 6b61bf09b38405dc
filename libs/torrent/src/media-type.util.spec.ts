import { describe, expect, it } from 'vitest';
import { isPlayableMedia, mimeTypeOf } from './media-type.util.js';

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

describe('isPlayableMedia', () => {
  it('accepts audio and video only', () => {
    expect(isPlayableMedia('a.mkv')).toBe(true);
    expect(isPlayableMedia('a.m4a')).toBe(true);
    expect(isPlayableMedia('a.srt')).toBe(false);
    expect(isPlayableMedia('a.nfo')).toBe(false);
  });
});
