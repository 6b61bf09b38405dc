import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedRandomFile, sha1OfFile } from '../test/helpers/files.ts';
import { makeH264AacMp4, makeMpeg4Mkv, runFfmpeg } from '../test/helpers/media.ts';
import { srtText } from '../test/helpers/tracks-media.ts';
import { startSeeder, type Seeder } from '../test/helpers/seeder.ts';
import { onCleanup } from './processes.ts';

/** Generated once, kept between runs (gitignored). */
export const CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));
const FILES_DIR = join(CACHE_DIR, 'files');
const MEDIA_DIR = join(CACHE_DIR, 'media');

export const MiB = 1024 * 1024;
export const MB = 1_000_000;

export interface SourceFile {
  path: string;
  size: number;
  /** sha1 of the whole file, hex (cached next to it) */
  sha1: string;
}

/**
 * Random bytes, deterministic per name (see cachedRandomFile), plus their sha1. The
 * names end in .mp4/.mkv on purpose: our server treats those as media and prefetches
 * their head and tail pieces ("hot edges"), as it would for a real film.
 */
export async function randomSource(name: string, bytes: number): Promise<SourceFile> {
  const path = await cachedRandomFile(FILES_DIR, name, bytes);
  return { path, size: bytes, sha1: await cachedSha1(path, bytes) };
}

async function cachedSha1(path: string, size: number): Promise<string> {
  const sidecar = `${path}.sha1`;
  if (existsSync(sidecar)) {
    const [sha1, cachedSize] = (await readFile(sidecar, 'utf8')).trim().split(' ');
    if (Number(cachedSize) === size) return sha1;
  }
  const sha1 = await sha1OfFile(path);
  await writeFile(sidecar, `${sha1} ${size}\n`);
  return sha1;
}

/** ~120 s of H.264/AAC with the moov box at the end, as many downloaded MP4s have. */
export async function h264Source(): Promise<string> {
  const path = join(MEDIA_DIR, 'h264-aac-120s-moov-at-end.mp4');
  if (!existsSync(path)) {
    await makeH264AacMp4(`${path}.partial.mp4`, { seconds: 120, size: '640x360', fps: 24, moovAtEnd: true, gopSeconds: 2 });
    await rename(`${path}.partial.mp4`, path);
  }
  return path;
}

/** ~60 s of MPEG-4 Part 2 + MP3 in Matroska: HLS has to re-encode it. */
export async function mpeg4Source(): Promise<string> {
  const path = join(MEDIA_DIR, 'mpeg4-mp3-60s.mkv');
  if (!existsSync(path)) {
    await makeMpeg4Mkv(`${path}.partial.mkv`, { seconds: 60, size: '640x360', fps: 24 });
    await rename(`${path}.partial.mkv`, path);
  }
  return path;
}

/** A subtitle cue every 5 s from 2 s on: packets spread through the whole file, as in a film. */
const benchCues = (seconds: number) =>
  Array.from({ length: Math.floor((seconds - 4) / 5) }, (_, i) => ({ start: 2 + i * 5, end: 4 + i * 5, text: `Line ${i + 1}` }));

/**
 * A folder holding `Film.mkv`, 300 s of H.264 at ~2 Mb/s with two audio tracks (AC-3 5.1, the
 * default, and AAC stereo) and an embedded SubRip track, and `Film.en.srt` beside it: the
 * shape of a real release, for the multi-audio and subtitle-cost measures.
 */
export async function multiTrackSource(): Promise<{ dir: string; film: string; sidecar: string }> {
  const dir = join(MEDIA_DIR, 'tracks-300s');
  const film = join(dir, 'Film.mkv');
  const sidecar = join(dir, 'Film.en.srt');
  if (!existsSync(film)) {
    const seconds = 300;
    const srt = join(MEDIA_DIR, 'tracks-300s.srt');
    await mkdir(dir, { recursive: true });
    await writeFile(srt, srtText(benchCues(seconds)));
    await runFfmpeg([
      '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=24:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=880:sample_rate=48000:duration=${seconds}`,
      '-i', srt,
      '-map', '0', '-map', '1', '-map', '2', '-map', '3',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '48', '-keyint_min', '48', '-sc_threshold', '0',
      '-b:v', '2M', '-maxrate', '2M', '-bufsize', '4M',
      '-filter:a:0', 'pan=5.1(side)|FL=c0|FR=c0|FC=c0|LFE=c0|SL=c0|SR=c0', '-c:a:0', 'ac3', '-b:a:0', '384k',
      '-c:a:1', 'aac', '-b:a:1', '128k', '-ac:a:1', '2', '-c:s', 'srt',
      '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fre', '-metadata:s:s:0', 'language=eng',
      '-f', 'matroska', `${film}.partial`,
    ]);
    await writeFile(sidecar, srtText(benchCues(seconds)));
    await rename(`${film}.partial`, film);
  }
  return { dir, film, sidecar };
}

/**
 * A seeder (separate process) for one file. The .torrent is cached next to the file per
 * piece length, so a re-run seeds at once instead of hashing gigabytes again.
 */
export async function seedFile(path: string, announce: string, pieceLength: number): Promise<Seeder> {
  const seeder = await startSeeder({
    paths: [path],
    announce: [announce],
    pieceLength,
    torrentCachePath: `${path}.${pieceLength / 1024}k.torrent`,
  });
  const stopSeeder = seeder.stop.bind(seeder);
  const unregister = onCleanup(stopSeeder);
  return {
    ...seeder,
    async stop() {
      unregister();
      await stopSeeder();
    },
  };
}

/** A season folder of `count` random episodes (`Show.S01E01.mkv`, …) of `bytes` each; its path. */
export async function randomSeason(count: number, bytes: number): Promise<string> {
  const dir = join(FILES_DIR, `season-${count}x${Math.round(bytes / MB)}MB`);
  for (let i = 1; i <= count; i++) {
    const name = `Show.S01E${String(i).padStart(2, '0')}.mkv`;
    await cachedRandomFile(dir, name, bytes, `season/${name}`);
  }
  return dir;
}
