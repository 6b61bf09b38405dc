import { describe, expect, it } from 'vitest';
import type { MediaInfo } from './media.types.js';
import { renderMasterPlaylist, renderMediaPlaylist } from './playlist.util.js';
import type { SegmentPlan } from './segment-plan.util.js';

describe('renderMediaPlaylist', () => {
  it('lists every segment of a VOD with relative URIs', () => {
    expect(renderMediaPlaylist([0, 10.01, 20.02, 25.5])).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:3',
        '#EXT-X-TARGETDURATION:11',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXTINF:10.010000,',
        '0.ts',
        '#EXTINF:10.010000,',
        '1.ts',
        '#EXTINF:5.480000,',
        '2.ts',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
  });

  it('does not round an exact target up', () => {
    expect(renderMediaPlaylist([0, 10, 20])).toContain('#EXT-X-TARGETDURATION:10\n');
  });
});

describe('renderMasterPlaylist', () => {
  const info: MediaInfo = {
    formatName: 'mp4',
    durationSeconds: 20,
    startTimeSeconds: 0,
    probedWith: 'ffprobe',
    audioTracks: [],
    subtitleStreams: [],
    video: { index: 0, codec: 'h264', profile: 'High', level: 31, width: 1280, height: 720 },
    audio: { index: 1, codec: 'aac', profile: 'LC' },
  };

  it('describes copied video by its own profile and level', () => {
    const plan: SegmentPlan = {
      video: { mode: 'copy', streamIndex: 0, width: 1280, height: 720, encodeLevel: 40, maxRateKbps: 3000 },
      audio: { mode: 'copy', streamIndex: 1 },
      boundaries: [0, 10, 20],
      cuts: 'source-keyframes',
      bandwidth: 2_500_000,
    };
    expect(renderMasterPlaylist(info, plan)).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n' +
        '#EXT-X-STREAM-INF:BANDWIDTH=2500000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720\nplaylist.m3u8\n',
    );
  });

  it('describes audio-only output without RESOLUTION', () => {
    const plan: SegmentPlan = { audio: { mode: 'encode', streamIndex: 0 }, boundaries: [0, 10], cuts: 'audio', bandwidth: 140_800 };
    expect(renderMasterPlaylist({ ...info, video: undefined }, plan)).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=140800,CODECS="mp4a.40.2"\nplaylist.m3u8\n',
    );
  });
});
