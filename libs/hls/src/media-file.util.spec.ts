import { describe, expect, it } from 'vitest';
import { isMediaFileName } from './media-file.util.js';

describe('isMediaFileName', () => {
  it('accepts audio and video containers', () => {
    for (const name of ['a.mkv', 'b.MP4', 'c.ts', 'd.m2ts', 'e.avi', 'f.webm', 'g.mp3', 'h.flac', 'i.m4a', 'j.ogg', 'k.opus']) {
      expect(isMediaFileName(name), name).toBe(true);
    }
  });

  it('rejects subtitles, text and names without an extension', () => {
    for (const name of ['a.srt', 'b.nfo', 'c.txt', 'd.jpg', 'README', 'e.iso']) expect(isMediaFileName(name), name).toBe(false);
  });
});
