import { describe, expect, it } from 'vitest';
import { aacCodecString, avcCodecString, outputCodecs } from './codec-string.util.js';

describe('codec strings', () => {
  it('builds avc1 from profile and level', () => {
    expect(avcCodecString('High', 31)).toBe('avc1.64001f');
    expect(avcCodecString('Main', 40)).toBe('avc1.4d4028');
    expect(avcCodecString('Constrained Baseline', 30)).toBe('avc1.42e01e');
    expect(avcCodecString('High', undefined)).toBe('avc1.640028');
    expect(avcCodecString(undefined, 51)).toBe('avc1.640033');
  });

  it('builds mp4a from the AAC profile', () => {
    expect(aacCodecString('LC')).toBe('mp4a.40.2');
    expect(aacCodecString('HE-AAC')).toBe('mp4a.40.5');
    expect(aacCodecString('HE-AACv2')).toBe('mp4a.40.29');
    expect(aacCodecString(undefined)).toBe('mp4a.40.2');
  });

  it('describes encoded output by what we ask x264 for', () => {
    const stream = { index: 0, codec: 'hevc', profile: 'Main 10', width: 1920, height: 1080 };
    expect(outputCodecs({ copy: false, stream, encodeLevel: 40 }, { copy: false, stream: { index: 1, codec: 'opus' } })).toBe(
      'avc1.640028,mp4a.40.2',
    );
  });
});
