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
      probedWith: 'ffprobe',
    });
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
