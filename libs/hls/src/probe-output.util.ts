import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from './media.types.js';
import { audioTracksOf, embeddedSubtitlesOf, type ProbedStream } from './tracks/track-probe.util.js';

interface FfprobeStream extends ProbedStream {
  profile?: string;
  level?: number;
  width?: number;
  height?: number;
  pix_fmt?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  bit_rate?: string;
  channels?: number;
  sample_rate?: string;
  start_time?: string;
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; start_time?: string; bit_rate?: string };
}

const num = (value: string | number | undefined): number | undefined => {
  const n = typeof value === 'number' ? value : Number.parseFloat(value ?? '');
  return Number.isFinite(n) ? n : undefined;
};

const rate = (value: string | undefined): number | undefined => {
  const [n, d] = (value ?? '').split('/').map(Number);
  return n > 0 && d > 0 ? n / d : undefined;
};

/** `ffprobe -show_format -show_streams -of json` → MediaInfo (keyframes are added later). */
export function parseFfprobeJson(json: string): MediaInfo {
  const output = JSON.parse(json) as FfprobeOutput;
  const streams = output.streams ?? [];
  // cover art in MP3/FLAC/M4A shows up as a one-frame video stream
  const videoStream = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audioTracks = audioTracksOf(streams);
  const defaultAudio = audioTracks.find((track) => track.default);
  const audioStream = streams.find((s) => s.index === defaultAudio?.streamIndex);
  const video: VideoStreamInfo | undefined = videoStream && {
    index: videoStream.index,
    codec: videoStream.codec_name ?? 'unknown',
    profile: videoStream.profile,
    level: videoStream.level !== undefined && videoStream.level > 0 ? videoStream.level : undefined,
    width: videoStream.width ?? 0,
    height: videoStream.height ?? 0,
    pixelFormat: videoStream.pix_fmt,
    frameRate: rate(videoStream.avg_frame_rate) ?? rate(videoStream.r_frame_rate),
    bitRate: num(videoStream.bit_rate),
    startTimeSeconds: num(videoStream.start_time),
  };
  const audio: AudioStreamInfo | undefined = audioStream && {
    index: audioStream.index,
    codec: audioStream.codec_name ?? 'unknown',
    profile: audioStream.profile,
    channels: audioStream.channels,
    sampleRate: num(audioStream.sample_rate),
    bitRate: num(audioStream.bit_rate),
  };
  return {
    formatName: output.format?.format_name ?? 'unknown',
    durationSeconds: num(output.format?.duration) ?? 0,
    startTimeSeconds: num(output.format?.start_time) ?? 0,
    bitRate: num(output.format?.bit_rate),
    video: prune(video),
    audio: prune(audio),
    audioTracks,
    subtitleStreams: embeddedSubtitlesOf(streams),
    probedWith: 'ffprobe',
  };
}

/**
 * The header description `ffmpeg -i URL` prints to stderr → MediaInfo. Coarser than ffprobe
 * (no H.264 level) but the fallback when ffprobe crashes, as the npm build does on MPEG-TS.
 */
export function parseFfmpegBanner(stderr: string): MediaInfo | undefined {
  const input = /Input #0, ([^,]+(?:,[^ ,][^,]*)*), from /.exec(stderr);
  const duration = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  if (!input || !duration) return undefined;
  const start = /, start: (-?[\d.]+)/.exec(stderr);
  const bitrate = /bitrate: (\d+) kb\/s/.exec(stderr);
  let video: VideoStreamInfo | undefined;
  let audio: AudioStreamInfo | undefined;
  const streams: ProbedStream[] = [];
  for (const match of stderr.matchAll(/Stream #0:(\d+)(?:\[\w+\])?(?:\((\w+)\))?[^:]*: (Video|Audio|Subtitle): (.*)/g)) {
    const [, index, language, kind, rest] = match;
    streams.push(bannerStream(Number(index), kind, language, rest));
    if (kind === 'Subtitle') continue;
    const codec = /^(\w+)(?: \(([^)]+)\))?/.exec(rest);
    // the first parenthesis is the profile unless it is the codec tag, e.g. `([27][0][0][0] / 0x001B)`
    const profile = codec?.[2] && !codec[2].includes(' / 0x') ? codec[2] : undefined;
    const bits = /(\d+) kb\/s/.exec(rest);
    if (kind === 'Video' && !video && !rest.includes('(attached pic)')) {
      const size = /, (\d{2,5})x(\d{2,5})/.exec(rest);
      video = prune({
        index: Number(index),
        codec: codec?.[1] ?? 'unknown',
        profile,
        width: Number(size?.[1] ?? 0),
        height: Number(size?.[2] ?? 0),
        pixelFormat: /\), (\w+)[(,]/.exec(rest)?.[1] ?? /, (yuv\w+|nv12|gray\w*)/.exec(rest)?.[1],
        frameRate: num(/([\d.]+) fps/.exec(rest)?.[1]),
        bitRate: bits ? Number(bits[1]) * 1000 : undefined,
      });
    }
    if (kind === 'Audio' && !audio) {
      audio = prune({
        index: Number(index),
        codec: codec?.[1] ?? 'unknown',
        profile,
        sampleRate: num(/(\d+) Hz/.exec(rest)?.[1]),
        channels: /\bmono\b/.test(rest) ? 1 : /\bstereo\b/.test(rest) ? 2 : undefined,
        bitRate: bits ? Number(bits[1]) * 1000 : undefined,
      });
    }
  }
  return {
    formatName: input[1],
    durationSeconds: Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]),
    startTimeSeconds: num(start?.[1]) ?? 0,
    bitRate: bitrate ? Number(bitrate[1]) * 1000 : undefined,
    video,
    audio: defaultAudioOf(streams, audio),
    audioTracks: audioTracksOf(streams),
    subtitleStreams: embeddedSubtitlesOf(streams),
    probedWith: 'ffmpeg',
  };
}

/** One `Stream #0:1(eng): Audio: ac3, 48000 Hz, 5.1(side), fltp, 384 kb/s (default)` line as ffprobe would give it. */
function bannerStream(index: number, kind: string, language: string | undefined, rest: string): ProbedStream {
  const channels = /\bmono\b/.test(rest) ? 1 : /\bstereo\b/.test(rest) ? 2 : /\b5\.1\b/.test(rest) ? 6 : /\b7\.1\b/.test(rest) ? 8 : undefined;
  return {
    index,
    codec_type: kind.toLowerCase(),
    codec_name: /^(\w+)/.exec(rest)?.[1],
    channels,
    sample_rate: /(\d+) Hz/.exec(rest)?.[1],
    tags: { language },
    disposition: { default: /\(default\)/.test(rest) ? 1 : 0, forced: /\(forced\)/.test(rest) ? 1 : 0 },
  };
}

/** The banner's default audio stream when it flags one, else the first. */
function defaultAudioOf(streams: readonly ProbedStream[], first: AudioStreamInfo | undefined): AudioStreamInfo | undefined {
  const flagged = streams.find((s) => s.codec_type === 'audio' && s.disposition?.default === 1);
  if (!first || !flagged || flagged.index === first.index) return first;
  return prune({ index: flagged.index, codec: flagged.codec_name ?? 'unknown', channels: flagged.channels, sampleRate: num(flagged.sample_rate) });
}

/** Shortens a tool's complaint for an error body: last meaningful line, without our URL. */
export function shortReason(stderr: string, url: string, max = 200): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.split(url).join('<input>').trim())
    .filter((line) => line && !line.startsWith('At least one output file'));
  const line = lines.at(-1) ?? 'no output';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function prune<T extends object>(value: T | undefined): T | undefined {
  if (!value) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
