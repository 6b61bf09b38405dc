import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from './node-binary.ts';

const SEEDER_SCRIPT = fileURLToPath(new URL('./seeder-process.mjs', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;

export interface SeederOptions {
  /** Files and/or directories. One directory or several paths give a multi-file torrent. */
  paths: string[];
  /** Torrent name; defaults to the basename of a single path, else `seed`. */
  name?: string;
  /** Tracker announce URLs, written into the .torrent and the magnet. */
  announce: string[];
  /** Bytes per piece (a power of two); create-torrent picks one when omitted. */
  pieceLength?: number;
  /** A prebuilt .torrent for these paths: seeding starts without hashing anything. */
  torrentFile?: Uint8Array;
  /** Reuse (or write) the .torrent here, so a cache of generated files re-seeds at once. */
  torrentCachePath?: string;
  /** Bytes per second the seeder uploads at most (a slow swarm); unlimited when omitted. */
  uploadLimit?: number;
}

export interface SeededFile {
  /** Path inside the torrent, starting with the torrent name for multi-file torrents. */
  path: string;
  name: string;
  length: number;
}

export interface Seeder {
  infoHash: string;
  name: string;
  /** Carries the trackers as `tr=` and the seeder itself as `x.pe=`. */
  magnetURI: string;
  torrentFile: Buffer;
  files: SeededFile[];
  /** `127.0.0.1:PORT`, where the seeder accepts peer connections. */
  peerAddress: string;
  /** Directory that the torrent's file paths are relative to. */
  storeRoot: string;
  /** Whether the first tracker announce succeeded before the seeder reported ready. */
  announced: boolean;
  /** Whether the pieces were hashed (false when a prebuilt or cached .torrent was used). */
  hashed: boolean;
  /** Milliseconds spent hashing, then until ready. */
  timings: { hashMs: number; readyMs: number };
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

interface ReadyMessage {
  type: 'ready';
  infoHash: string;
  name: string;
  magnetURI: string;
  torrentFile: string;
  files: SeededFile[];
  peerAddress: string;
  storeRoot: string;
  announced: boolean;
  hashed: boolean;
  hashMs: number;
  readyMs: number;
}

type ChildMessage = ReadyMessage | { type: 'failed'; message: string };

/** Seeds `paths` from a separate Node process, so hashing and uploads never block the test. */
export async function startSeeder(options: SeederOptions): Promise<Seeder> {
  const child = fork(SEEDER_SCRIPT, [], {
    execPath: nodeBinary(),
    // vitest or a bench may run with loaders or inspect flags the child must not inherit
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  try {
    const ready = await waitForReady(child, options);
    return toSeeder(ready, child, () => stopChild(child, exited));
  } catch (err) {
    await stopChild(child, exited);
    throw err;
  }
}

function waitForReady(child: ChildProcess, options: SeederOptions): Promise<ReadyMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('seeder did not become ready in time')), START_TIMEOUT_MS);
    const settle = (done: () => void) => {
      clearTimeout(timer);
      child.removeAllListeners('message');
      child.removeListener('exit', onExit);
      done();
    };
    const onExit = (code: number | null, signal: string | null) =>
      settle(() => reject(new Error(`seeder exited early (code ${code}, signal ${signal})`)));
    child.once('exit', onExit);
    child.once('error', (err) => settle(() => reject(err)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') settle(() => resolve(message));
      else settle(() => reject(new Error(`seeder failed: ${message.message}`)));
    });
    child.send({
      type: 'seed',
      options: {
        paths: options.paths,
        name: options.name,
        announce: options.announce,
        pieceLength: options.pieceLength,
        torrentFile: options.torrentFile ? Buffer.from(options.torrentFile).toString('base64') : undefined,
        torrentCachePath: options.torrentCachePath,
        uploadLimit: options.uploadLimit,
      },
    });
  });
}

function toSeeder(ready: ReadyMessage, child: ChildProcess, stop: () => Promise<void>): Seeder {
  return {
    infoHash: ready.infoHash,
    name: ready.name,
    magnetURI: ready.magnetURI,
    torrentFile: Buffer.from(ready.torrentFile, 'base64'),
    files: ready.files,
    peerAddress: ready.peerAddress,
    storeRoot: ready.storeRoot,
    announced: ready.announced,
    hashed: ready.hashed,
    timings: { hashMs: ready.hashMs, readyMs: ready.readyMs },
    pid: child.pid ?? -1,
    child,
    stop,
  };
}

// Ask politely (the child closes its sockets and staging dir), then insist.
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
