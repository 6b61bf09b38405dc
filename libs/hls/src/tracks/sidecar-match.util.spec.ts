import { describe, expect, it } from 'vitest';
import { matchSidecars } from './sidecar-match.util.js';

const files = (...paths: string[]) => paths.map((path, id) => ({ id, path }));

describe('matchSidecars', () => {
  it('matches the same base name, with language and forced tags', () => {
    const list = files(
      'Film/Movie.2019.mkv',
      'Film/Movie.2019.srt',
      'Film/Movie.2019.en.srt',
      'Film/Movie.2019.English.forced.srt',
      'Film/movie.2019.pt.BR.ass',
      'Film/Movie.2019.fre.sdh.vtt',
      'Film/Movie.2019.nfo',
      'Film/Other.srt',
      'Film/Sample/Movie.2019.srt',
    );
    expect(matchSidecars(list[0], list, 2)).toEqual([
      { fileId: 1, path: 'Film/Movie.2019.srt', codec: 'subrip', forced: false, hearingImpaired: false },
      { fileId: 2, path: 'Film/Movie.2019.en.srt', codec: 'subrip', language: 'en', forced: false, hearingImpaired: false },
      { fileId: 3, path: 'Film/Movie.2019.English.forced.srt', codec: 'subrip', language: 'en', forced: true, hearingImpaired: false },
      { fileId: 4, path: 'Film/movie.2019.pt.BR.ass', codec: 'ass', language: 'pt-BR', forced: false, hearingImpaired: false },
      { fileId: 5, path: 'Film/Movie.2019.fre.sdh.vtt', codec: 'webvtt', language: 'fr', forced: false, hearingImpaired: true },
    ]);
  });

  it('reads Subs/<video>/ folders, and Subs/ or any subtitle beside the only video', () => {
    const list = files('Show/E01.mkv', 'Show/E02.mkv', 'Show/Subs/E01/2_English.srt', 'Show/Subs/E02/3_Russian.srt', 'Show/Subs/Spanish.srt');
    expect(matchSidecars(list[0], list, 2)).toEqual([
      { fileId: 2, path: 'Show/Subs/E01/2_English.srt', codec: 'subrip', language: 'en', forced: false, hearingImpaired: false },
    ]);
    const single = files('Movie [1080p]/Movie.mp4', 'Movie [1080p]/Subs/English.srt', 'Movie [1080p]/subtitles/Français.ssa', 'Movie [1080p]/eng.srt');
    expect(matchSidecars(single[0], single, 1)).toEqual([
      { fileId: 1, path: 'Movie [1080p]/Subs/English.srt', codec: 'subrip', language: 'en', forced: false, hearingImpaired: false },
      { fileId: 2, path: 'Movie [1080p]/subtitles/Français.ssa', codec: 'ssa', language: 'fr', forced: false, hearingImpaired: false },
      { fileId: 3, path: 'Movie [1080p]/eng.srt', codec: 'subrip', language: 'en', forced: false, hearingImpaired: false },
    ]);
  });

  it('works for a single-file torrent at the root and ignores words that look like codes', () => {
    const list = files('Movie.mkv', 'Movie.the.cut.srt');
    expect(matchSidecars(list[0], list, 1)).toEqual([
      { fileId: 1, path: 'Movie.the.cut.srt', codec: 'subrip', forced: false, hearingImpaired: false },
    ]);
  });
});
