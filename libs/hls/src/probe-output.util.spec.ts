import { describe, expect, it } from 'vitest';
import { parseFfmpegBanner, parseFfprobeJson, shortReason } from './probe-output.util.js';

describe('parseFfprobeJson', () => {
  it('takes the first real video and audio stream, skipping cover art', () => {
    const json = JSON.stringify({
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } },
        { index: 1, codec_type: 'audio', codec_name: 'mp3', sample_rate: '44100', channels: 2, bit_rate: '320000' },
      ],
      format: { format_name: 'mp3', duration: '180.5', start_time: '0.025', bit_rate: '320500' },
    });
    expect(parseFfprobeJson(json)).toEqual({
      formatName: 'mp3',
      durationSeconds: 180.5,
      startTimeSeconds: 0.025,
      bitRate: 320500,
      video: undefined,
      audio: { index: 1, codec: 'mp3', channels: 2, sampleRate: 44100, bitRate: 320000 },
      audioTracks: [
        { id: 0, streamIndex: 1, codec: 'mp3', channels: 2, sampleRate: 44100, bitRate: 320000, label: 'Audio 1 (stereo)', default: true },
      ],
      subtitleStreams: [],
      probedWith: 'ffprobe',
    });
  });
});

describe('parseFfprobeJson tracks', () => {
  it('lists every audio and subtitle stream with language, title, channels and dispositions', () => {
    const json = JSON.stringify({
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'h264', width: 320, height: 180 },
        { index: 1, codec_type: 'audio', codec_name: 'ac3', channels: 6, sample_rate: '48000', tags: { language: 'eng', title: 'Main 5.1' } },
        { index: 2, codec_type: 'audio', codec_name: 'aac', profile: 'LC', channels: 2, tags: { LANGUAGE: 'fre' }, disposition: { default: 1 } },
        { index: 3, codec_type: 'subtitle', codec_name: 'subrip', tags: { language: 'eng' }, disposition: { default: 1, forced: 0 } },
        { index: 4, codec_type: 'subtitle', codec_name: 'ass', tags: { language: 'fre', title: 'Signs' }, disposition: { forced: 1 } },
        { index: 5, codec_type: 'subtitle', codec_name: 'hdmv_pgs_subtitle', tags: { language: 'und' }, disposition: { hearing_impaired: 1 } },
      ],
      format: { format_name: 'matroska,webm', duration: '30', start_time: '0' },
    });
    const info = parseFfprobeJson(json);
    expect(info.audio).toEqual({ index: 2, codec: 'aac', profile: 'LC', channels: 2 });
    expect(info.audioTracks).toEqual([
      { id: 0, streamIndex: 1, codec: 'ac3', channels: 6, sampleRate: 48000, language: 'en', label: 'Main 5.1', default: false },
      { id: 1, streamIndex: 2, codec: 'aac', profile: 'LC', channels: 2, language: 'fr', label: 'French stereo', default: true },
    ]);
    expect(info.subtitleStreams).toEqual([
      { streamIndex: 3, codec: 'subrip', language: 'en', default: true, forced: false, hearingImpaired: false },
      { streamIndex: 4, codec: 'ass', language: 'fr', title: 'Signs', default: false, forced: true, hearingImpaired: false },
      { streamIndex: 5, codec: 'hdmv_pgs_subtitle', default: false, forced: false, hearingImpaired: true },
    ]);
  });
});

describe('parseFfmpegBanner', () => {
  it('reads what ffmpeg -i prints about an MPEG-TS file', () => {
    const stderr = [
      "Input #0, mpegts, from 'http://127.0.0.1:1/x.ts':",
      '  Duration: 00:01:30.02, start: 1.400000, bitrate: 908 kb/s',
      '  Program 1 ',
      '  Stream #0:0[0x100]: Video: h264 (High) ([27][0][0][0] / 0x001B), yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], 29.97 fps, 30 tbr, 90k tbn',
      '  Stream #0:1[0x101](eng): Audio: ac3 ([129][0][0][0] / 0x0081), 48000 Hz, stereo, fltp, 192 kb/s',
      'At least one output file must be specified',
    ].join('\n');
    expect(parseFfmpegBanner(stderr)).toEqual({
      formatName: 'mpegts',
      durationSeconds: 90.02,
      startTimeSeconds: 1.4,
      bitRate: 908000,
      video: { index: 0, codec: 'h264', profile: 'High', width: 1280, height: 720, pixelFormat: 'yuv420p', frameRate: 29.97 },
      audio: { index: 1, codec: 'ac3', sampleRate: 48000, channels: 2, bitRate: 192000 },
      audioTracks: [{ id: 0, streamIndex: 1, codec: 'ac3', channels: 2, sampleRate: 48000, language: 'en', label: 'English stereo', default: true }],
      subtitleStreams: [],
      probedWith: 'ffmpeg',
    });
  });

  it('gives up without a duration', () => {
    expect(parseFfmpegBanner('http://x: Invalid data found when processing input')).toBeUndefined();
  });
});

describe('shortReason', () => {
  it('keeps the last line and hides the URL', () => {
    expect(shortReason('[mov] moov atom not found\nhttp://h/x.mp4: Invalid data found when processing input\n', 'http://h/x.mp4')).toBe(
      '<input>: Invalid data found when processing input',
    );
  });
});
