import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../media.types.js';
import type { SegmentPlan } from '../segment-plan.util.js';
import { planRendition, renditionChannels, renditionKey } from './rendition-plan.util.js';

const info: MediaInfo = {
  formatName: 'matroska,webm',
  durationSeconds: 12,
  startTimeSeconds: 0,
  probedWith: 'ffprobe',
  audioTracks: [
    { id: 0, streamIndex: 1, codec: 'ac3', channels: 6, label: 'A', default: true },
    { id: 1, streamIndex: 2, codec: 'aac', profile: 'LC', channels: 2, bitRate: 96_000, label: 'B', default: false },
    { id: 2, streamIndex: 3, codec: 'aac', profile: 'LC', channels: 6, label: 'C', default: false },
  ],
  subtitleStreams: [],
};
const muxed: SegmentPlan = {
  video: { mode: 'copy', streamIndex: 0, width: 320, height: 180, encodeLevel: 40, maxRateKbps: 1000 },
  audio: { mode: 'encode', streamIndex: 1 },
  boundaries: [0, 4.02, 8.02, 12],
  cuts: 'source-keyframes',
  bandwidth: 1_000_000,
};

describe('planRendition', () => {
  it('keeps 5.1 unless downmixing', () => {
    expect([1, 2, 6, 8].map((channels) => renditionChannels({ channels }, false))).toEqual([1, 2, 6, 6]);
    expect([1, 2, 6, 8].map((channels) => renditionChannels({ channels }, true))).toEqual([1, 2, 2, 2]);
  });

  it('drops the audio from the video rendition', () => {
    expect(planRendition(muxed, info, { kind: 'video' }, false)).toEqual({ ...muxed, audio: undefined, bandwidth: 859_200 });
  });

  it('encodes AC-3 5.1 to 5.1 AAC and copies stereo AAC, on the video boundaries', () => {
    expect(planRendition(muxed, info, { kind: 'audio', trackId: 0 }, false)).toEqual({
      audio: { mode: 'encode', streamIndex: 1, channels: 6, bitrateKbps: 384 },
      boundaries: muxed.boundaries,
      cuts: 'audio',
      bandwidth: 422_400,
    });
    expect(planRendition(muxed, info, { kind: 'audio', trackId: 1 }, false)).toEqual({
      audio: { mode: 'copy', streamIndex: 2 },
      boundaries: muxed.boundaries,
      cuts: 'audio',
      bandwidth: 105_600,
    });
    expect(planRendition(muxed, info, { kind: 'audio', trackId: 2 }, true).audio).toEqual({ mode: 'encode', streamIndex: 3, channels: 2, bitrateKbps: 128 });
  });

  it('keys plans and runs per rendition', () => {
    expect(renditionKey({ fileKey: 'abc/0' })).toBe('abc/0');
    expect(renditionKey({ fileKey: 'abc/0', rendition: { kind: 'video' } })).toBe('abc/0#video');
    expect(renditionKey({ fileKey: 'abc/0', rendition: { kind: 'audio', trackId: 2 } })).toBe('abc/0#audio2');
  });
});
