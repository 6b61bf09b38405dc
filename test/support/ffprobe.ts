import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ffmpegPath, ffprobePath } from '../helpers/media.ts';

const run = promisify(execFile);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ffprobe JSON is asserted field by field
export async function ffprobeJson(input: string, args: string[]): Promise<any> {
  const { stdout } = await run(await ffprobePath(), ['-v', 'error', '-print_format', 'json', ...args, input], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

export async function mediaDuration(input: string): Promise<number> {
  const probe = await ffprobeJson(input, ['-show_entries', 'format=duration']);
  return Number(probe.format.duration);
}

export interface SegmentProbe {
  formatName: string;
  codecs: string[];
  /** start_time of the video stream, else of the first stream. */
  startTime: number;
  firstVideoFrameIsKey?: boolean;
}

export async function probeSegment(path: string): Promise<SegmentProbe> {
  const probe = await ffprobeJson(path, ['-show_format', '-show_streams']);
  const streams: { codec_type: string; codec_name: string; start_time: string }[] = probe.streams;
  const video = streams.find((stream) => stream.codec_type === 'video');
  const result: SegmentProbe = {
    formatName: probe.format.format_name,
    codecs: streams.map((stream) => stream.codec_name).sort(),
    startTime: Number((video ?? streams[0]).start_time),
  };
  if (video) {
    const frames = await ffprobeJson(path, [
      '-select_streams', 'v:0', '-read_intervals', '%+#1', '-show_entries', 'frame=key_frame,pict_type', '-show_frames',
    ]);
    result.firstVideoFrameIsKey = frames.frames[0]?.key_frame === 1;
  }
  return result;
}

/** Decodes a whole input with ffmpeg; returns stderr (empty when clean) and the decoded seconds. */
export async function decodeAll(input: string): Promise<{ errors: string; seconds: number }> {
  const { stdout, stderr } = await run(
    await ffmpegPath(),
    ['-v', 'error', '-nostdin', '-i', input, '-f', 'null', '-progress', 'pipe:1', '-'],
    { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
  );
  const times = [...stdout.matchAll(/out_time_us=(\d+)/g)].map((match) => Number(match[1]));
  return { errors: stderr.trim(), seconds: (times.at(-1) ?? 0) / 1e6 };
}
