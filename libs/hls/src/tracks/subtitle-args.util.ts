import { httpInputArgs } from '../ffmpeg-args.util.js';
import { toMicros } from '../segment-plan.util.js';

export interface SubtitleExtractArgs {
  url: string;
  /** Sent with every request of the input (our internal-access header). */
  headers?: Readonly<Record<string, string>>;
  streamIndex: number;
  /** Where the WebVTT goes: `pipe:1` for a whole track, a file for a window (stdout then carries progress). */
  output: string;
  /** Extract only from this time on (start-at-zero timeline), for one HLS subtitle segment. */
  from?: number;
  rwTimeoutSeconds: number;
}

/**
 * ffmpeg turning one embedded text track (SubRip, ASS, mov_text, WebVTT) into WebVTT, on the
 * segments' `-copyts -start_at_zero` timeline. Subtitle packets are sparse, so no output time
 * limit can stop the demuxer; for a window the first video stream is copied to a null output
 * and `-progress` reports how far the read got, so the caller interrupts ffmpeg at the window's
 * end. Only that stretch of the file (the container index seeks to its start) is fetched.
 */
export function subtitleExtractArgs(args: SubtitleExtractArgs): string[] {
  const out = ['-nostdin', '-hide_banner', '-loglevel', 'error', ...httpInputArgs(args.url, args.rwTimeoutSeconds, args.headers)];
  const windowed = args.from !== undefined;
  if (windowed) out.push('-ss', String(toMicros(args.from ?? 0)));
  out.push('-copyts', '-start_at_zero', '-i', args.url);
  out.push('-map', `0:${args.streamIndex}`, '-c:s', 'webvtt', '-flush_packets', '1', '-f', 'webvtt', args.output);
  if (windowed) out.push('-map', '0:v:0?', '-c:v', 'copy', '-f', 'null', '-', '-progress', 'pipe:1', '-stats_period', '0.25');
  return out;
}
