import { describe, expect, it } from 'vitest';
import { renderRenditionMaster } from './rendition-playlist.util.js';
import type { AudioTrack, SubtitleTrack } from './track.types.js';

const audio: AudioTrack[] = [
  { id: 0, streamIndex: 1, codec: 'ac3', channels: 6, language: 'en', label: 'English 5.1', default: false },
  { id: 1, streamIndex: 2, codec: 'aac', channels: 2, language: 'fr', label: 'Commentary "Director"', default: true },
  { id: 2, streamIndex: 3, codec: 'dts', channels: 2, label: 'Commentary "Director"', default: false },
];
const subtitles: SubtitleTrack[] = [
  { id: 0, source: 'embedded', codec: 'subrip', convertible: true, language: 'en', label: 'English', default: true, forced: false, streamIndex: 4 },
  { id: 1, source: 'embedded', codec: 'hdmv_pgs_subtitle', convertible: false, label: 'Unknown', default: false, forced: false, streamIndex: 5 },
  { id: 2, source: 'sidecar', codec: 'subrip', convertible: true, language: 'ru', label: 'Russian (forced)', default: false, forced: true },
];
const variant = { attributes: ['BANDWIDTH=3000000', 'CODECS="avc1.64001f,mp4a.40.2"', 'RESOLUTION=1280x720'], uri: 'video/playlist.m3u8' };

describe('renderRenditionMaster', () => {
  it('lists audio and text subtitle renditions with every attribute and names the groups in the variant', () => {
    expect(renderRenditionMaster(variant, audio, subtitles)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English 5.1",LANGUAGE="en",CHANNELS="6",DEFAULT=NO,AUTOSELECT=YES,URI="audio/0/playlist.m3u8"',
        `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Commentary 'Director'",LANGUAGE="fr",CHANNELS="2",DEFAULT=YES,AUTOSELECT=YES,URI="audio/1/playlist.m3u8"`,
        `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Commentary 'Director' 2",CHANNELS="2",DEFAULT=NO,AUTOSELECT=YES,URI="audio/2/playlist.m3u8"`,
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,URI="subtitles/0/playlist.m3u8"',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Russian (forced)",LANGUAGE="ru",DEFAULT=NO,AUTOSELECT=YES,FORCED=YES,URI="subtitles/2/playlist.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=3000000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,AUDIO="audio",SUBTITLES="subs"',
        'video/playlist.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('leaves out a group with nothing in it', () => {
    const muxed = { ...variant, uri: 'playlist.m3u8' };
    expect(renderRenditionMaster(muxed, [], [subtitles[1]])).toBe(
      ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS', `#EXT-X-STREAM-INF:${variant.attributes.join(',')}`, 'playlist.m3u8', ''].join('\n'),
    );
  });
});
