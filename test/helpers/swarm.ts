import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { makeTempDir, removeDir, writeRandomFile } from './files.ts';
import { startSeeder, type SeededFile, type Seeder, type SeederOptions } from './seeder.ts';
import { startTracker, type Tracker } from './tracker.ts';

export interface SwarmOptions extends Omit<SeederOptions, 'announce'> {
  /** Extra announce URLs besides the swarm's own tracker (they must be loopback too). */
  extraAnnounce?: string[];
  trackerIntervalMs?: number;
}

export interface Swarm {
  tracker: Tracker;
  seeder: Seeder;
  announceUrl: string;
  infoHash: string;
  name: string;
  magnetURI: string;
  torrentFile: Buffer;
  files: SeededFile[];
  /** The seeder's copy of a file, by its path inside the torrent (as in `files`). */
  sourcePathOf(torrentPath: string): string;
  stop(): Promise<void>;
}

/** A tracker plus one seeder of `paths`, all on 127.0.0.1. */
export async function startSwarm(options: SwarmOptions): Promise<Swarm> {
  const { extraAnnounce = [], trackerIntervalMs, ...seederOptions } = options;
  const tracker = await startTracker({ intervalMs: trackerIntervalMs });
  let seeder: Seeder;
  try {
    seeder = await startSeeder({ ...seederOptions, announce: [tracker.announceUrl, ...extraAnnounce] });
  } catch (err) {
    await tracker.close();
    throw err;
  }
  return {
    tracker,
    seeder,
    announceUrl: tracker.announceUrl,
    infoHash: seeder.infoHash,
    name: seeder.name,
    magnetURI: seeder.magnetURI,
    torrentFile: seeder.torrentFile,
    files: seeder.files,
    sourcePathOf: (torrentPath) => join(seeder.storeRoot, torrentPath),
    async stop() {
      await seeder.stop();
      await tracker.close();
    },
  };
}

export interface RandomFilesOptions {
  /** Size of `movie.mp4` (random bytes, not a playable video). Default 24 MiB. */
  movieBytes?: number;
  pieceLength?: number;
  /** Seed for the random bytes, so two swarms can hold different data. */
  seed?: string;
}

export interface RandomFilesSwarm extends Swarm {
  /** Temp directory holding the torrent directory; removed by `stop()`. */
  dir: string;
}

export const RANDOM_TORRENT_NAME = 'files';

/**
 * A multi-file torrent `files/` of random data for byte-range tests:
 * `movie.mp4` (24 MiB by default), `subs/en.srt` and `readme.txt`.
 */
export async function startSwarmWithRandomFiles(options: RandomFilesOptions = {}): Promise<RandomFilesSwarm> {
  const { movieBytes = 24 * 1024 * 1024, pieceLength, seed = 'tod-p2m' } = options;
  const dir = await makeTempDir('tod-p2m-swarm');
  const root = join(dir, RANDOM_TORRENT_NAME);
  try {
    await writeRandomFile(join(root, 'movie.mp4'), movieBytes, `${seed}/movie.mp4`);
    await mkdir(join(root, 'subs'), { recursive: true });
    await writeFile(join(root, 'subs', 'en.srt'), SUBTITLES);
    await writeFile(join(root, 'readme.txt'), 'Random bytes for tod-p2m byte-range tests.\n');
    const swarm = await startSwarm({ paths: [root], pieceLength });
    return {
      ...swarm,
      dir,
      async stop() {
        await swarm.stop();
        await removeDir(dir);
      },
    };
  } catch (err) {
    await removeDir(dir);
    throw err;
  }
}

const SUBTITLES = `1
00:00:01,000 --> 00:00:04,000
A random-bytes movie.

2
00:00:05,000 --> 00:00:08,000
Every byte is checked.
`;
