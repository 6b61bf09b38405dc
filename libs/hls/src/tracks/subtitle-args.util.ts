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
 * ffmpeg turning one embedded text track (SubRip, ASS, mov_text, WebVTT) into WebVTT. A whole
 * track keeps the segments' `-copyts -start_at_zero` timeline. A window is read from its start
 * (`-ss`, the container index seeks there) on a timeline that starts at 0 there: subtitle
 * packets are sparse, so no output time limit can stop the demuxer, and the first video
 * stream is copied to a null output so that `-progress` reports how far the read got, for
 * the caller to interrupt ffmpeg at the window's end (windowReadDone). With `-copyts` that
 * report would count from whatever packet ffmpeg saw first, so the window could not be told
 * apart from the rest of the file; the caller shifts the cues back by `from` instead.
 */
export function subtitleExtractArgs(args: SubtitleExtractArgs): string[] {
  const out = ['-nostdin', '-hide_banner', '-loglevel', 'error', ...httpInputArgs(args.url, args.rwTimeoutSeconds, args.headers)];
  const windowed = args.from !== undefined;
  if (windowed) out.push('-ss', String(toMicros(args.from ?? 0)));
  else out.push('-copyts', '-start_at_zero');
  out.push('-i', args.url);
  out.push('-map', `0:${args.streamIndex}`, '-c:s', 'webvtt', '-flush_packets', '1', '-f', 'webvtt', args.output);
  if (windowed) out.push('-map', '0:v:0?', '-c:v', 'copy', '-f', 'null', '-', '-progress', 'pipe:1', '-stats_period', '0.25');
  return out;
}

/**
 * True once a window extraction's `-progress` line says the read passed `untilSeconds` after
 * the window's start: every cue starting before then has been handed over.
 */
export function windowReadDone(progressLine: string, untilSeconds: number): boolean {
  const reached = /^out_time_us=(\d+)$/.exec(progressLine.trim());
  return reached !== null && Number(reached[1]) / 1e6 >= untilSeconds;
}
