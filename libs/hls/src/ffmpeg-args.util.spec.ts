import { describe, expect, it } from 'vitest';
import { ffmpegIdentifyArgs, probeArgs, segmentRunArgs } from './ffmpeg-args.util.js';
import type { SegmentPlan } from './segment-plan.util.js';

const url = 'http://127.0.0.1:3000/stream/abc/0';
const http = ['-reconnect', '1', '-seekable', '1', '-rw_timeout', '60000000'];
const head = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...http];
const tail = (start: number) => ['-segment_start_number', String(start), '-segment_list', 'pipe:1', '-segment_list_type', 'csv', '/w/.runX-%d.ts'];
const muxer = ['-sn', '-dn', '-max_muxing_queue_size', '4096', '-f', 'segment', '-segment_format', 'mpegts'];

describe('probe arguments', () => {
  it('probes format and streams as JSON over HTTP', () => {
    expect(probeArgs(url, 60)).toEqual(['-hide_banner', '-v', 'error', ...http, '-show_format', '-show_streams', '-of', 'json', url]);
    expect(ffmpegIdentifyArgs(url, 60)).toEqual(['-nostdin', '-hide_banner', ...http, '-i', url]);
    expect(probeArgs('/local/file.mkv', 60)).toEqual(['-hide_banner', '-v', 'error', '-show_format', '-show_streams', '-of', 'json', '/local/file.mkv']);
  });

  it('sends the source headers with every request, as CRLF-terminated lines, never in the URL', () => {
    const headers = { 'X-Internal-Token': 'abc', 'X-Other': 'b c' };
    const sent = ['-headers', 'X-Internal-Token: abc\r\nX-Other: b c\r\n', ...http];
    expect(probeArgs(url, 60, headers)).toEqual(['-hide_banner', '-v', 'error', ...sent, '-show_format', '-show_streams', '-of', 'json', url]);
    expect(ffmpegIdentifyArgs(url, 60, headers)).toEqual(['-nostdin', '-hide_banner', ...sent, '-i', url]);
    const run = segmentRunArgs({ url, headers, plan: copyPlan, startIndex: 0, endIndex: 100, outputPattern: '/w/.runX-%d.ts', rwTimeoutSeconds: 60 });
    expect(run.slice(0, 13)).toEqual(['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...sent]);
  });
});

const copyPlan: SegmentPlan = {
  video: { mode: 'copy', streamIndex: 0, width: 1920, height: 1080, encodeLevel: 40, maxRateKbps: 6000 },
  audio: { mode: 'copy', streamIndex: 1 },
  boundaries: [0, 10.01, 20.02, 30.03, 40.04, 45],
  cuts: 'source-keyframes',
  bandwidth: 1,
};

describe('segmentRunArgs', () => {
  const copy = copyPlan;
  const build = (plan: SegmentPlan, startIndex: number, endIndex = 100) =>
    segmentRunArgs({ url, plan, startIndex, endIndex, outputPattern: '/w/.runX-%d.ts', rwTimeoutSeconds: 60 });

  it('remuxes from the start', () => {
    expect(build(copy, 0)).toEqual([
      ...head, '-ss', '0', '-copyts', '-start_at_zero', '-i', url, '-map', '0:0', '-map', '0:1', '-c:v', 'copy', '-c:a', 'copy', '-copypriorss:a', '0',
      ...muxer, '-segment_times', '10.01,20.02,30.03,40.04', '-segment_time_delta', '0.01', ...tail(0),
    ]);
  });

  it('remuxes from segment N, seeking to its keyframe and listing only the cuts of its window', () => {
    expect(build(copy, 2, 3)).toEqual([
      ...head, '-ss', '20.02', '-copyts', '-start_at_zero', '-i', url, '-map', '0:0', '-map', '0:1', '-c:v', 'copy', '-c:a', 'copy', '-copypriorss:a', '0',
      ...muxer, '-segment_times', '30.03,40.04', '-segment_time_delta', '0.01', ...tail(2),
    ]);
  });

  it('keeps the last segment whole when no cut is left', () => {
    const args = build(copy, 4);
    expect(args).not.toContain('-segment_times');
    expect(args.slice(args.indexOf('-segment_time'), args.indexOf('-segment_time') + 4)).toEqual([
      '-segment_time', '999999', '-segment_start_number', '4',
    ]);
  });

  it('re-encodes with forced keyframes on the boundaries', () => {
    const encode: SegmentPlan = {
      ...copy,
      video: { mode: 'encode', streamIndex: 0, width: 1280, height: 720, encodeLevel: 40, maxRateKbps: 3000 },
      audio: { mode: 'encode', streamIndex: 2 },
      boundaries: [0, 10, 20, 25],
      cuts: 'forced-keyframes',
    };
    expect(build(encode, 1)).toEqual([
      ...head, '-ss', '10', '-copyts', '-start_at_zero', '-i', url, '-map', '0:0', '-map', '0:2',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-maxrate', '3000k', '-bufsize', '6000k',
      '-profile:v', 'high', '-level:v', '4.0', '-pix_fmt', 'yuv420p', '-vf', 'scale=1280:720', '-force_key_frames', '20',
      '-c:a', 'aac', '-ac', '2', '-b:a', '128k',
      ...muxer, '-segment_times', '20', '-segment_time_delta', '0.01', ...tail(1),
    ]);
  });

  it('makes audio-only segments', () => {
    const audio: SegmentPlan = { audio: { mode: 'encode', streamIndex: 0 }, boundaries: [0, 10, 20, 25], cuts: 'audio', bandwidth: 1 };
    expect(build(audio, 0)).toEqual([
      ...head, '-ss', '0', '-copyts', '-start_at_zero', '-i', url, '-map', '0:0', '-c:a', 'aac', '-ac', '2', '-b:a', '128k',
      ...muxer, '-segment_times', '10,20', '-segment_time_delta', '0.01', ...tail(0),
    ]);
  });
});
