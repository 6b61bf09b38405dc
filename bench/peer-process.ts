import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeTempDir, removeDir } from '../test/helpers/files.ts';
import { loopbackViolations } from './loopback-guard.ts';
import { freePort, onCleanup, spawnManaged } from './processes.ts';

const run = promisify(execFile);

/** `bench/.cache/peer`: gitignored; the CLI cannot be a dependency (see installPeer). */
export const PEER_DIR = fileURLToPath(new URL('./.cache/peer/', import.meta.url));
const CLI_PACKAGE = join(PEER_DIR, 'node_modules/webtorrent-cli/package.json');
const CLI_BIN = join(PEER_DIR, 'node_modules/webtorrent-cli/bin/cmd.js');
const HOOKS = fileURLToPath(new URL('./peer/loopback-hooks.mjs', import.meta.url));
const CLI_SPEC = 'webtorrent-cli@6';
const ADD_TIMEOUT_MS = 30_000;

export interface PeerInfo {
  cliVersion: string;
  webtorrentVersion: string;
}

/**
 * Installs webtorrent-cli 6 once into bench/.cache/peer. It cannot be a devDependency:
 * its optional dependency airplay-js@^0.3 is gone from the registry, which breaks `npm ci`
 * (a plain `npm install` tolerates it). The same overrides as the root package.json keep
 * npm from picking an ip-set whose preinstall insists on pnpm.
 */
export async function installPeer(log: (line: string) => void): Promise<PeerInfo> {
  if (!existsSync(CLI_PACKAGE)) {
    log(`installing ${CLI_SPEC} into ${PEER_DIR} (once; about 30 s)…`);
    await mkdir(PEER_DIR, { recursive: true });
    const rootPackage = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    await writeFile(
      join(PEER_DIR, 'package.json'),
      JSON.stringify({ private: true, description: 'bench peer (generated)', overrides: rootPackage.overrides ?? {} }, null, 2),
    );
    // inside `npm run`, npm_execpath is the npm that runs us; outside, the one on PATH
    const npmCli = process.env.npm_execpath;
    const [command, prefix] = npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
    await run(command, [...prefix, 'install', '--no-save', '--no-audit', '--no-fund', '--prefix', PEER_DIR, CLI_SPEC], {
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  const cliVersion = JSON.parse(readFileSync(CLI_PACKAGE, 'utf8')).version as string;
  const webtorrentPackage = join(PEER_DIR, 'node_modules/webtorrent/package.json');
  const webtorrentVersion = JSON.parse(readFileSync(webtorrentPackage, 'utf8')).version as string;
  return { cliVersion, webtorrentVersion };
}

let utpObserved: boolean | undefined;

/** Whether the CLI ran with uTP in this run (undefined until one was started). */
export function peerUtpObserved(): boolean | undefined {
  return utpObserved;
}

export interface PeerProcess {
  pid: number;
  baseUrl: string;
  /** epoch ms at which the CLI handed the magnet to its engine */
  addedAt: number;
  /** Whether the CLI's engine runs with uTP (its default when utp-native loads). */
  utp: boolean;
  /** The CLI server's URL for a file, by its path inside the torrent. */
  fileUrl(infoHash: string, torrentPath: string): string;
  assertLoopbackOnly(): void;
  stop(): Promise<void>;
}

/**
 * `webtorrent download <magnet>` with its built-in HTTP server, cold: new process, empty
 * --out dir. The HTTP server answers 404 for the file until the metadata is in, so
 * callers poll. Node 24 (this process's binary) runs it, with loopback-hooks.mjs preloaded.
 */
export async function startPeer(magnet: string): Promise<PeerProcess> {
  const outDir = await makeTempDir('tod-p2m-bench-peer');
  const port = await freePort();
  // chosen by us so the loopback guard knows which UDP port (uTP) is legitimate
  const torrentPort = await freePort();
  const child = spawnManaged(
    process.execPath,
    [
      '--import', HOOKS, CLI_BIN, 'download', magnet,
      '--port', String(port), '--torrent-port', String(torrentPort),
      '--out', outDir, '--keep-seeding', '--quiet',
    ],
    { cwd: outDir, env: { BENCH_PEER_UTP: process.env.BENCH_PEER_UTP ?? '', PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? outDir } },
  );
  const unregisterDir = onCleanup(() => removeDir(outDir));
  const stop = async () => {
    await child.stop();
    unregisterDir();
    await removeDir(outDir);
  };
  let utp = false;
  try {
    const addedAt = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the CLI did not add the torrent in time')), ADD_TIMEOUT_MS);
      child.onLine((line) => {
        if (line.startsWith('BENCH_PEER_CLIENT')) utp = utpObserved = line.includes('utp=true');
        const match = /^BENCH_PEER_ADD (\S+)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      void child.exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`the CLI exited early (code ${code})`));
      });
    });
    return {
      pid: child.pid,
      baseUrl: `http://127.0.0.1:${port}`,
      addedAt,
      utp,
      fileUrl: (infoHash, torrentPath) =>
        `http://127.0.0.1:${port}/webtorrent/${infoHash}/${torrentPath.split('/').map(encodeURIComponent).join('/')}`,
      assertLoopbackOnly() {
        const violations = loopbackViolations(child.pid, [torrentPort]);
        if (violations.length > 0) throw new Error(`peer CLI has non-loopback sockets: ${violations.join('; ')}`);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${child.outputTail()}`, { cause: err });
  }
}
