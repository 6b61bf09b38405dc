import { describe, expect, it } from 'vitest';
import type { MediaInfo } from './media.types.js';
import {
  capDimensions,
  computeBoundaries,
  estimateSegmentBytes,
  planSegments,
  segmentDurations,
  toMicros,
  type SegmentPlan,
} from './segment-plan.util.js';

describe('computeBoundaries', () => {
  it('cuts at multiples of the target when keyframes are forced, folding a sliver tail', () => {
    expect(computeBoundaries(30, 10)).toEqual([0, 10, 20, 30]);
    expect(computeBoundaries(25.3, 10)).toEqual([0, 10, 20, 25.3]);
    expect(computeBoundaries(20.4, 10)).toEqual([0, 10, 20.4]);
    expect(computeBoundaries(3, 10)).toEqual([0, 3]);
  });

  it('cuts at the first keyframe at or after each multiple of the target', () => {
    const keyframes = [0, 4.2, 8.4, 12.6, 16.8, 21, 25.2, 29.4];
    expect(computeBoundaries(31, 10, keyframes)).toEqual([0, 12.6, 21, 31]);
  });

  it('keeps exact keyframe times that floating point would round below', () => {
    const keyframes = [0, 1.668333, 3.336667, 5.005, 6.673333, 8.341667, 10.01, 11.678333];
    expect(computeBoundaries(12.5, 5, keyframes)).toEqual([0, 5.005, 10.01, 12.5]);
    expect(toMicros(60060 / 30000)).toBe(2.002);
  });

  it('drops a keyframe too close to the end and tolerates sparse keyframes', () => {
    expect(computeBoundaries(20.3, 10, [0, 10, 20])).toEqual([0, 10, 20.3]);
    expect(computeBoundaries(40, 4, [0, 15, 30])).toEqual([0, 15, 30, 40]);
  });

  it('gives durations per segment', () => {
    expect(segmentDurations([0, 12.6, 21, 31])).toEqual([12.6, 8.4, 10]);
  });
});

describe('capDimensions', () => {
  it('never upscales and keeps sizes even', () => {
    expect(capDimensions(320, 180, 720)).toEqual({ width: 320, height: 180 });
    expect(capDimensions(719, 405, 720)).toEqual({ width: 720, height: 406 });
  });

  it('caps the height keeping the aspect ratio', () => {
    expect(capDimensions(1920, 1080, 720)).toEqual({ width: 1280, height: 720 });
    expect(capDimensions(1920, 800, 720)).toEqual({ width: 1728, height: 720 });
    expect(capDimensions(3840, 2160, 480)).toEqual({ width: 854, height: 480 });
  });
});

describe('planSegments', () => {
  const base: MediaInfo = { formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSeconds: 25, startTimeSeconds: 0, probedWith: 'ffprobe', audioTracks: [], subtitleStreams: [] };
  const h264 = { index: 0, codec: 'h264', profile: 'High', level: 31, width: 1920, height: 1080, pixelFormat: 'yuv420p', bitRate: 4_000_000 };
  const aac = { index: 1, codec: 'aac', profile: 'LC', bitRate: 128_000 };
  const options = { segmentDurationSeconds: 10, maxVideoHeight: 720 };

  it('copies H.264 + AAC when keyframes are known', () => {
    expect(planSegments({ ...base, video: h264, audio: aac, keyframes: [0, 6, 12, 18, 24] }, options)).toEqual({
      video: { mode: 'copy', streamIndex: 0, width: 1920, height: 1080, encodeLevel: 40, maxRateKbps: 6000 },
      audio: { mode: 'copy', streamIndex: 1 },
      boundaries: [0, 12, 24, 25],
      cuts: 'source-keyframes',
      bandwidth: 6_740_800,
    });
  });

  it('re-encodes H.264 without a keyframe index, and HEVC always, capped at maxVideoHeight', () => {
    const expected = {
      video: { mode: 'encode', streamIndex: 0, width: 1280, height: 720, encodeLevel: 40, maxRateKbps: 3000 },
      audio: { mode: 'encode', streamIndex: 1 },
      boundaries: [0, 10, 20, 25],
      cuts: 'forced-keyframes',
      bandwidth: 3_440_800,
    };
    const ac3 = { index: 1, codec: 'ac3', bitRate: 448_000 };
    expect(planSegments({ ...base, video: h264, audio: ac3 }, options)).toEqual(expected);
    expect(planSegments({ ...base, video: { ...h264, codec: 'hevc', profile: 'Main' }, audio: ac3, keyframes: [0, 10] }, options)).toEqual(expected);
    expect(planSegments({ ...base, video: { ...h264, profile: 'High 10', pixelFormat: 'yuv420p10le' }, audio: ac3, keyframes: [0] }, options).video?.mode).toBe('encode');
  });

  it('makes audio-only plans', () => {
    expect(planSegments({ ...base, audio: { index: 0, codec: 'mp3', bitRate: 320_000 } }, options)).toEqual({
      audio: { mode: 'encode', streamIndex: 0 },
      boundaries: [0, 10, 20, 25],
      cuts: 'audio',
      bandwidth: 140_800,
    });
  });
});

describe('estimateSegmentBytes', () => {
  const info: MediaInfo = { formatName: 'matroska', durationSeconds: 60, startTimeSeconds: 0, bitRate: 4_000_000, probedWith: 'ffprobe', audioTracks: [], subtitleStreams: [] };
  const copy: SegmentPlan = {
    video: { mode: 'copy', streamIndex: 0, width: 1280, height: 720, encodeLevel: 31, maxRateKbps: 3000 },
    audio: { mode: 'copy', streamIndex: 1 },
    boundaries: [0, 10],
    cuts: 'source-keyframes',
  } as SegmentPlan;

  it('uses the source bitrate when copying', () => {
    // 10 s × 4 Mb/s = 5,000,000 bytes, plus 10 % TS overhead
    expect(estimateSegmentBytes(10, copy, info)).toBe(5_500_000);
  });

  it('uses the encoder cap and AAC bitrate when re-encoding', () => {
    const encode = { ...copy, video: { ...copy.video!, mode: 'encode' }, audio: { mode: 'encode', streamIndex: 1 } } as SegmentPlan;
    // 10 s × (3,000,000 + 128,000) b/s / 8 × 1.1
    expect(estimateSegmentBytes(10, encode, info)).toBe(4_301_000);
  });

  it('assumes a generous bitrate when the source reports none', () => {
    expect(estimateSegmentBytes(1, copy, { ...info, bitRate: undefined })).toBe(1_100_000);
  });
});
