import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { isMoovAtEnd } from './mp4-boxes.ts';

const run = promisify(execFile);
const SYSTEM_FFMPEG = '/usr/bin/ffmpeg';
const SYSTEM_FFPROBE = '/usr/bin/ffprobe';

export interface MediaOptions {
  seconds?: number;
  /** `WxH`; small, so 60 s encode in about a second. */
  size?: string;
  fps?: number;
}

export interface H264Mp4Options extends MediaOptions {
  /** Keep the index after the media data (the default), as many real-world files do. */
  moovAtEnd?: boolean;
  /** Fixed keyframe interval, so HLS segment boundaries are predictable. */
  gopSeconds?: number;
}

export interface Mpeg4MkvOptions extends MediaOptions {
  audioCodec?: 'mp3' | 'ac3' | 'vorbis';
}

/*
 * The one way tests find ffmpeg and ffprobe (media makers here, probes in
 * test/support/ffprobe.ts, the HLS lib's integration specs): FFMPEG_PATH / FFPROBE_PATH,
 * else Debian's (scripts/ensure-system-deps.sh installs it), else the npm static builds.
 */
let cachedFfmpeg: Promise<string> | undefined;
let cachedFfprobe: Promise<string> | undefined;

export function ffmpegPath(): Promise<string> {
  cachedFfmpeg ??= locate(process.env.FFMPEG_PATH, SYSTEM_FFMPEG, async () => (await import('@ffmpeg-installer/ffmpeg')).default.path);
  return cachedFfmpeg;
}

/** Debian's is preferred: the npm ffprobe crashes on MPEG-TS, which is what segments are. */
export function ffprobePath(): Promise<string> {
  cachedFfprobe ??= locate(process.env.FFPROBE_PATH, SYSTEM_FFPROBE, async () => (await import('@ffprobe-installer/ffprobe')).default.path);
  return cachedFfprobe;
}

/** The npm build, even where Debian's exists: for specs about its quirks. */
export async function npmFfprobePath(): Promise<string> {
  return (await import('@ffprobe-installer/ffprobe')).default.path;
}

async function locate(configured: string | undefined, system: string, bundled: () => Promise<string>): Promise<string> {
  if (configured) return configured;
  if (existsSync(system)) return system;
  // imported lazily: the installers throw at import time when their binary is missing
  return bundled();
}

let cachedEncoders: Promise<string> | undefined;

/** Whether the located ffmpeg can encode with `encoder` (e.g. `libx265`). */
export async function hasEncoder(encoder: string): Promise<boolean> {
  cachedEncoders ??= ffmpegPath().then(async (ffmpeg) => (await run(ffmpeg, ['-hide_banner', '-encoders'])).stdout);
  return new RegExp(`^\\s*\\S+\\s+${encoder}\\s`, 'm').test(await cachedEncoders);
}

/** H.264 (ultrafast, fixed GOP) + AAC in MP4; the moov box goes last unless told otherwise. */
export async function makeH264AacMp4(path: string, options: H264Mp4Options = {}): Promise<string> {
  const { moovAtEnd = true, gopSeconds = 2 } = options;
  const fps = options.fps ?? 24;
  await runFfmpeg([
    ...testSources(options),
    ...h264Video(fps * gopSeconds),
    ...aacAudio(),
    // without +faststart the muxer writes moov after mdat
    ...(moovAtEnd ? [] : ['-movflags', '+faststart']),
    '-f', 'mp4', path,
  ]);
  if ((await isMoovAtEnd(path)) !== moovAtEnd) throw new Error(`${path}: moov is not where it was asked to be`);
  return path;
}

/** MPEG-4 Part 2 video + MP3/AC-3/Vorbis in Matroska: nothing a browser plays, so HLS must re-encode. */
export async function makeMpeg4Mkv(path: string, options: Mpeg4MkvOptions = {}): Promise<string> {
  const audio = { mp3: ['-c:a', 'libmp3lame', '-b:a', '96k'], ac3: ['-c:a', 'ac3', '-b:a', '96k'], vorbis: ['-c:a', 'libvorbis', '-q:a', '2'] };
  await runFfmpeg([...testSources(options), '-c:v', 'mpeg4', '-q:v', '6', ...audio[options.audioCodec ?? 'mp3'], '-f', 'matroska', path]);
  return path;
}

/** HEVC + AAC in MP4 (tagged hvc1). Check `hasEncoder('libx265')` first and skip without it. */
export async function makeHevcMp4(path: string, options: H264Mp4Options = {}): Promise<string> {
  if (!(await hasEncoder('libx265'))) throw new Error('this ffmpeg has no libx265 encoder');
  const fps = options.fps ?? 24;
  const gop = fps * (options.gopSeconds ?? 2);
  await runFfmpeg([
    ...testSources(options),
    '-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1',
    '-x265-params', `log-level=error:keyint=${gop}:min-keyint=${gop}:scenecut=0`,
    ...aacAudio(),
    ...(options.moovAtEnd === false ? ['-movflags', '+faststart'] : []),
    '-f', 'mp4', path,
  ]);
  return path;
}

/** A sine tone as MP3. */
export async function makeMp3(path: string, options: Pick<MediaOptions, 'seconds'> = {}): Promise<string> {
  await runFfmpeg([...sineSource(options.seconds ?? 60), '-c:a', 'libmp3lame', '-b:a', '96k', '-f', 'mp3', path]);
  return path;
}

/** H.264 + AAC in MPEG-TS. */
export async function makeMpegTs(path: string, options: H264Mp4Options = {}): Promise<string> {
  const fps = options.fps ?? 24;
  await runFfmpeg([...testSources(options), ...h264Video(fps * (options.gopSeconds ?? 2)), ...aacAudio(), '-f', 'mpegts', path]);
  return path;
}

function testSources(options: MediaOptions): string[] {
  const { seconds = 60, size = '320x180', fps = 24 } = options;
  return ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}:duration=${seconds}`, ...sineSource(seconds)];
}

function sineSource(seconds: number): string[] {
  return ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`];
}

function h264Video(gopFrames: number): string[] {
  // -sc_threshold 0 stops x264 from adding keyframes at scene cuts, keeping the GOP fixed
  return [
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-g', String(gopFrames), '-keyint_min', String(gopFrames), '-sc_threshold', '0',
  ];
}

function aacAudio(): string[] {
  return ['-c:a', 'aac', '-b:a', '96k', '-ac', '2'];
}

/** Runs the located ffmpeg quietly with `args`, the output path last (its directory is created). */
export async function runFfmpeg(args: string[]): Promise<void> {
  const output = args[args.length - 1];
  await mkdir(dirname(output), { recursive: true });
  const binary = await ffmpegPath();
  try {
    await run(binary, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`ffmpeg failed for ${output}: ${stderr.trim() || (err as Error).message}`, { cause: err });
  }
}
