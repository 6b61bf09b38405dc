import { toMicros, type SegmentPlan } from './segment-plan.util.js';

type Headers = Readonly<Record<string, string>>;

/**
 * Protocol options for reading our own byte-range URL; torrent pieces can take a while to
 * arrive. `headers` go out with every request (`-headers`, CRLF-terminated lines).
 */
export function httpInputArgs(url: string, rwTimeoutSeconds: number, headers: Headers = {}): string[] {
  if (!/^https?:\/\//i.test(url)) return [];
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return [
    ...(lines.length > 0 ? ['-headers', lines.join('')] : []),
    '-reconnect', '1', '-seekable', '1', '-rw_timeout', String(rwTimeoutSeconds * 1_000_000),
  ];
}

export function probeArgs(url: string, rwTimeoutSeconds: number, headers?: Headers): string[] {
  return ['-hide_banner', '-v', 'error', ...httpInputArgs(url, rwTimeoutSeconds, headers), '-show_format', '-show_streams', '-of', 'json', url];
}

/** `ffmpeg -i URL` with no output: prints the header description, the fallback when ffprobe crashes. */
export function ffmpegIdentifyArgs(url: string, rwTimeoutSeconds: number, headers?: Headers): string[] {
  return ['-nostdin', '-hide_banner', ...httpInputArgs(url, rwTimeoutSeconds, headers), '-i', url];
}

export interface SegmentRunArgs {
  url: string;
  /** Sent with every request for `url`. */
  headers?: Headers;
  plan: SegmentPlan;
  /** First segment this run writes. */
  startIndex: number;
  /** Last segment this run may complete; the muxer gets no cut times past it. */
  endIndex: number;
  /** Output pattern with `%d` for the segment number. */
  outputPattern: string;
  rwTimeoutSeconds: number;
}

const fmt = (seconds: number) => String(toMicros(seconds));

/**
 * One ffmpeg run writing segments startIndex.. as MPEG-TS. `-copyts -start_at_zero` keeps every
 * run on one timeline (the container start is 0), so segment N's timestamps are the same whoever
 * produced it; the mpegts muxer adds its constant 1.4 s on top. The segment list goes to stdout
 * as CSV: a line appears only once a segment is closed, which is how we know it is complete.
 */
export function segmentRunArgs(args: SegmentRunArgs): string[] {
  const { plan, startIndex, endIndex } = args;
  const start = plan.boundaries[startIndex];
  // Cut times after endIndex would only split what we discard anyway.
  const cutTimes = plan.boundaries.slice(startIndex + 1, Math.min(endIndex + 2, plan.boundaries.length - 1)).map(fmt);
  const out = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...httpInputArgs(args.url, args.rwTimeoutSeconds, args.headers)];
  // -ss even at 0: with -start_at_zero, a run without it shifts copied video by the source's
  // audio priming (e.g. +23 ms), so its segments would not line up with those of a seek run
  out.push('-ss', fmt(start));
  out.push('-copyts', '-start_at_zero', '-i', args.url);
  if (plan.video) out.push('-map', `0:${plan.video.streamIndex}`);
  if (plan.audio) out.push('-map', `0:${plan.audio.streamIndex}`);
  if (plan.video?.mode === 'copy') out.push('-c:v', 'copy');
  if (plan.video?.mode === 'encode') {
    const { width, height, maxRateKbps, encodeLevel } = plan.video;
    out.push(
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23',
      '-maxrate', `${maxRateKbps}k`, '-bufsize', `${maxRateKbps * 2}k`,
      '-profile:v', 'high', '-level:v', (encodeLevel / 10).toFixed(1), '-pix_fmt', 'yuv420p',
      '-vf', `scale=${width}:${height}`,
      // keyframes exactly where the playlist says segments start; the first frame is one anyway
      ...(cutTimes.length > 0 ? ['-force_key_frames', cutTimes.join(',')] : []),
    );
  }
  // a copied AAC frame that starts just before the cut belongs to the previous segment; a run
  // started at the cut must drop it, or two runs' segments repeat it (non-monotonic DTS)
  if (plan.audio?.mode === 'copy') out.push('-c:a', 'copy', '-copypriorss:a', '0');
  if (plan.audio?.mode === 'encode') {
    out.push('-c:a', 'aac', '-ac', String(plan.audio.channels ?? 2), '-b:a', `${plan.audio.bitrateKbps ?? 128}k`);
  }
  out.push('-sn', '-dn', '-max_muxing_queue_size', '4096', '-f', 'segment', '-segment_format', 'mpegts');
  // a cut happens at the first keyframe at or after time − delta: a rounding cushion, far below a frame gap
  if (cutTimes.length > 0) out.push('-segment_times', cutTimes.join(','), '-segment_time_delta', '0.01');
  // no cut left: without this the muxer falls back to its 2 s default and splits the tail
  else out.push('-segment_time', '999999');
  out.push(
    '-segment_start_number', String(startIndex),
    '-segment_list', 'pipe:1', '-segment_list_type', 'csv',
    args.outputPattern,
  );
  return out;
}
