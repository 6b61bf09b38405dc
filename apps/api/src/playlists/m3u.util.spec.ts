import { describe, expect, it } from 'vitest';
import { naturalSort, playlistFileName, renderM3u } from './m3u.util.js';

describe('m3u', () => {
  it('sorts episode 2 before episode 10, case-insensitively', () => {
    const paths = ['Show/E10.mkv', 'Show/e2.mkv', 'Show/E1.mkv', 'Extras/a.mkv'];
    expect(naturalSort(paths, (p) => p)).toEqual(['Extras/a.mkv', 'Show/E1.mkv', 'Show/e2.mkv', 'Show/E10.mkv']);
  });

  it('renders #EXTM3U with #EXTINF:-1 titles and the URLs', () => {
    expect(renderM3u([{ title: 'a\nb.mp4', url: 'http://h/stream/x/0/a.mp4' }, { title: 'c.mkv', url: 'http://h/c' }])).toBe(
      '#EXTM3U\n#EXTINF:-1,a b.mp4\nhttp://h/stream/x/0/a.mp4\n#EXTINF:-1,c.mkv\nhttp://h/c\n',
    );
    expect(renderM3u([])).toBe('#EXTM3U\n');
  });

  it('makes a safe .m3u file name', () => {
    expect(playlistFileName('Sintel: the "movie"', 'x')).toBe('Sintel the movie.m3u');
    expect(playlistFileName(undefined, 'abc')).toBe('abc.m3u');
  });
});
