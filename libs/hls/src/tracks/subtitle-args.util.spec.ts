import { describe, expect, it } from 'vitest';
import { subtitleExtractArgs, windowReadDone } from './subtitle-args.util.js';

describe('subtitleExtractArgs', () => {
  const url = 'http://127.0.0.1:9/stream/abc/0';
  const http = ['-reconnect', '1', '-seekable', '1', '-rw_timeout', '60000000'];

  it('extracts a whole track to stdout', () => {
    expect(subtitleExtractArgs({ url, streamIndex: 3, output: 'pipe:1', rwTimeoutSeconds: 60 })).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', ...http,
      '-copyts', '-start_at_zero', '-i', url,
      '-map', '0:3', '-c:s', 'webvtt', '-flush_packets', '1', '-f', 'webvtt', 'pipe:1',
    ]);
  });

  it('extracts from a seek point, with the video to null and progress on stdout', () => {
    expect(subtitleExtractArgs({ url, streamIndex: 4, output: '/w/x.vtt', from: 8.0200004, rwTimeoutSeconds: 60 })).toEqual([
      '-nostdin', '-hide_banner', '-loglevel', 'error', ...http,
      '-ss', '8.02', '-i', url,
      '-map', '0:4', '-c:s', 'webvtt', '-flush_packets', '1', '-f', 'webvtt', '/w/x.vtt',
      '-map', '0:v:0?', '-c:v', 'copy', '-f', 'null', '-', '-progress', 'pipe:1', '-stats_period', '0.25',
    ]);
  });

  it('tells when a window read has passed its end, from -progress lines', () => {
    expect(windowReadDone('out_time_us=10999999', 11)).toBe(false);
    expect(windowReadDone('out_time_us=11000000', 11)).toBe(true);
    expect(windowReadDone('out_time_us=11000000\r', 11)).toBe(true);
    expect(windowReadDone('out_time_ms=99000000', 11)).toBe(false);
    expect(windowReadDone('out_time_us=N/A', 11)).toBe(false);
    expect(windowReadDone('progress=continue', 11)).toBe(false);
  });
});
