import type { Cue } from './subtitle-parse.util.js';

/**
 * The MPEG-TS timestamp of our timeline's 0: every segment run uses `-copyts -start_at_zero`, and
 * the mpegts muxer starts at 1.4 s (its default max_delay 0.7 s, doubled for the PCR offset), for
 * every run alike. HLS players add (MPEGTS − their first video PTS) to each cue.
 */
export const TIMELINE_ZERO_MPEGTS = 126_000;

/** `hh:mm:ss.mmm`, as WebVTT wants it (hours always, so every player parses it). */
export function formatVttTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/**
 * A WebVTT file. With `mpegtsMap`, the header carries `X-TIMESTAMP-MAP` so HLS players place the
 * cues on the segments' MPEG-TS timeline (required for subtitle segments beside MPEG-TS video).
 */
export function renderWebVtt(cues: readonly Cue[], options: { mpegtsMap?: boolean } = {}): string {
  const lines = ['WEBVTT'];
  if (options.mpegtsMap) lines.push(`X-TIMESTAMP-MAP=MPEGTS:${TIMELINE_ZERO_MPEGTS},LOCAL:00:00:00.000`);
  lines.push('');
  for (const cue of cues) lines.push(`${formatVttTime(cue.start)} --> ${formatVttTime(cue.end)}`, cue.text, '');
  return lines.join('\n');
}

/** The cues that start in [from, to): each cue goes to exactly one HLS subtitle segment. */
export function cuesStartingIn(cues: readonly Cue[], from: number, to: number): Cue[] {
  return cues.filter((cue) => cue.start >= from - 1e-6 && cue.start < to - 1e-6);
}
