import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeDir } from '../test/helpers/files.ts';
import { poll, postJson } from './http.ts';
import { loopbackViolations } from './loopback-guard.ts';
import { freePort, onCleanup, spawnManaged, type ManagedChild } from './processes.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(REPO, 'dist/apps/api/src/main.js');
const PROFILE_EXIT = fileURLToPath(new URL('./profile-exit.mjs', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface ServerOptions {
  /** The local tracker's announce URL (TRACKERS). */
  trackers: string[];
  /** Write a V8 CPU profile of the server into this directory when it stops. */
  cpuProfDir?: string;
  /** Extra env vars, e.g. HLS settings. */
  env?: Record<string, string>;
  /** Turns auth on with this API key (and a signing secret); the answers' media URLs are then signed. */
  apiKey?: string;
}

export interface AddedFile {
  id: number;
  name: string;
  path: string;
  size: number;
  streamUrl: string;
}

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  dataDir: string;
  /** POST /torrents {magnet}; resolves once the server answered 201 (metadata is in). */
  addMagnet(magnet: string): Promise<AddedFile[]>;
  /** The last few KB of the server's stdout and stderr (warnings, errors). */
  outputTail(): string;
  /** Throws if the server holds a socket to anything but 127.0.0.1. */
  assertLoopbackOnly(): void;
  stop(): Promise<void>;
}

/**
 * Our server, cold: a new process (the built dist/, as in production), an empty data
 * dir, nothing added. Its cwd is a temp dir so that no .env or config.yaml of the
 * developer's checkout leaks in; the env is built from scratch for the same reason.
 */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm run bench does)`);
  const runDir = await makeTempDir('tod-p2m-bench-server');
  const dataDir = join(runDir, 'data');
  await mkdir(dataDir);
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? runDir,
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    ...(process.env.FFMPEG_PATH ? { FFMPEG_PATH: process.env.FFMPEG_PATH } : {}),
    ...(process.env.FFPROBE_PATH ? { FFPROBE_PATH: process.env.FFPROBE_PATH } : {}),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DHT: 'false',
    LSD: 'false',
    NAT_TRAVERSAL: 'false',
    UTP: 'false',
    TRACKERS: options.trackers.join(','),
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    THROTTLE_API_LIMIT: '100000',
    THROTTLE_STREAM_LIMIT: '100000',
    CACHE_SIZE: '100',
    MAX_DISK_USAGE: '0',
    ...(options.apiKey ? { API_KEYS: options.apiKey, URL_SIGNING_SECRET: 'bench url signing secret, 32 bytes or more' } : {}),
    ...serverNodeEnv(),
    ...options.env,
  };
  const profiling = options.cpuProfDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`, '--import', PROFILE_EXIT]
    : [];
  const nodeArgs = [...serverNodeFlags(), ...profiling];
  const child: ManagedChild = spawnManaged(process.execPath, [...nodeArgs, MAIN], { cwd: runDir, env });
  const baseUrl = `http://127.0.0.1:${port}`;
  const unregisterDir = onCleanup(() => removeDir(runDir));
  const stop = async () => {
    // a profiled server exits cleanly on SIGUSR2 (see profile-exit.mjs) so V8 writes the profile
    await child.stop(options.cpuProfDir ? 'SIGUSR2' : 'SIGTERM');
    unregisterDir();
    await removeDir(runDir);
  };
  try {
    await poll(
      async () => {
        if (child.child.exitCode !== null) throw new Error('exited');
        const response = await fetch(`${baseUrl}/health`);
        await response.body?.cancel();
        return response.status === 200 ? true : undefined;
      },
      'server /health 200',
      START_TIMEOUT_MS,
      20,
    );
  } catch (err) {
    await stop();
    throw new Error(`server did not start: ${(err as Error).message}\n${child.outputTail()}`, { cause: err });
  }
  return {
    baseUrl,
    pid: child.pid,
    dataDir,
    async addMagnet(magnet) {
      const auth: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
      const { status, json } = await postJson(`${baseUrl}/torrents`, { magnet }, auth);
      if (status !== 201) throw new Error(`POST /torrents answered ${status}: ${JSON.stringify(json)}`);
      return (json as { files: AddedFile[] }).files;
    },
    outputTail: () => child.outputTail(),
    assertLoopbackOnly() {
      const violations = loopbackViolations(child.pid);
      if (violations.length > 0) throw new Error(`server has non-loopback sockets: ${violations.join('; ')}`);
    },
    stop,
  };
}

interface StartConfig {
  config?: { nodeFlags?: string; nodeEnv?: string };
}

const startConfig = (): StartConfig['config'] => (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as StartConfig).config;

/** The Node flags `npm start` runs the server with (package.json config.nodeFlags), so we measure what ships. */
function serverNodeFlags(): string[] {
  const override = process.env.BENCH_SERVER_NODE_FLAGS;
  if (override !== undefined) return override.split(' ').filter(Boolean);
  return (startConfig()?.nodeFlags ?? '').split(' ').filter(Boolean);
}

/** The environment `npm start` adds (package.json config.nodeEnv, `NAME=value` pairs); BENCH_SERVER_NODE_ENV overrides it. */
export function serverNodeEnv(pairs = process.env.BENCH_SERVER_NODE_ENV ?? startConfig()?.nodeEnv ?? ''): Record<string, string> {
  return Object.fromEntries(
    pairs
      .split(' ')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}
