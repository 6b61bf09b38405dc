import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, sleep, spawnManaged, type ManagedChild } from '../../bench/processes.ts';
import { startServer, type ServerProcess } from '../../bench/server-process.ts';
import { makeTempDir, removeDir } from '../helpers/files.ts';

/** The shipped config: the test runs it, with only the addresses swapped. */
const DEPLOY_CONF = new URL('../../deploy/nginx/tod-p2m.conf', import.meta.url);
const UPSTREAM_SERVER = /^(\s*)server\s+\S+:\d+(\s+[^;]*)?;$/gm;
const LISTEN = /^(\s*)listen\s+\d+;$/m;
const START_TIMEOUT_MS = 15_000;

export interface ClusterNode extends ServerProcess {
  nodeId: string;
}

export interface Cluster {
  /** nginx, in front of every node. */
  url: string;
  redisUrl: string;
  redis: Redis;
  nodes: ClusterNode[];
  /** nginx's access log: `<method> <uri> <status> <upstream addresses>` per line. */
  accessLog(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  nodes: number;
  trackers: string[];
  /** Extra env for every node. */
  env?: Record<string, string>;
}

/** Redis, N built server processes with their own data dirs, and nginx in front; all on 127.0.0.1. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dir = await makeTempDir('tod-p2m-cluster');
  const stops: (() => Promise<void>)[] = [() => removeDir(dir)];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const redisPort = await freePort();
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const redisServer = await startRedis(join(dir, 'redis'), redisPort);
    stops.push(() => redisServer.stop());
    const redis = new Redis(redisUrl, { lazyConnect: true });
    await redis.connect();
    stops.push(async () => void redis.disconnect());

    const nginxPort = await freePort();
    const url = `http://127.0.0.1:${nginxPort}`;
    const nodes: ClusterNode[] = [];
    for (let i = 0; i < options.nodes; i++) {
      const nodeId = `node-${String.fromCharCode(97 + i)}`;
      const server = await startServer({
        trackers: options.trackers,
        env: {
          NODE_ID: nodeId,
          REDIS_URL: redisUrl,
          CLUSTER_URL: url,
          TRUST_PROXY: 'true',
          SHUTDOWN_GRACE: '5s',
          TORRENT_TIMEOUT: '15s',
          ...options.env,
        },
      });
      stops.push(() => server.stop());
      nodes.push({ ...server, nodeId });
    }
    const nginx = await startNginx(
      join(dir, 'nginx'),
      nginxPort,
      nodes.map((node) => new URL(node.baseUrl).host),
    );
    stops.push(() => nginx.stop());
    return {
      url,
      redisUrl,
      redis,
      nodes,
      accessLog: async () => (await readFile(join(dir, 'nginx', 'access.log'), 'utf8')).split('\n').filter(Boolean),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startRedis(dir: string, port: number): Promise<ManagedChild> {
  await mkdir(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
  const child = spawnManaged(binary('redis-server'), args, { cwd: dir });
  await waitListening(port, child, 'redis-server');
  return child;
}

/** The shipped nginx config with the node addresses and the listen port swapped for ours. */
export async function clusterNginxConf(port: number, upstreams: string[]): Promise<string> {
  const shipped = await readFile(DEPLOY_CONF, 'utf8');
  const servers = [...shipped.matchAll(UPSTREAM_SERVER)];
  if (servers.length < 2 || !LISTEN.test(shipped)) throw new Error('deploy/nginx/tod-p2m.conf changed shape');
  const [first] = servers;
  const indent = first[1];
  const options = first[2] ?? '';
  const ours = upstreams.map((address) => `${indent}server ${address}${options};`).join('\n');
  let seen = 0;
  return shipped
    .replace(UPSTREAM_SERVER, () => (seen++ === 0 ? ours : ''))
    .replace(LISTEN, (_line, lead: string) => `${lead}listen 127.0.0.1:${port};`);
}

async function startNginx(dir: string, port: number, upstreams: string[]): Promise<ManagedChild> {
  const temp = join(dir, 'temp');
  await mkdir(temp, { recursive: true });
  // run as root, nginx's workers are `nobody`: they must reach the temp dirs
  await chmod(join(dir, '..'), 0o755);
  await chmod(dir, 0o755);
  await chmod(temp, 0o777);
  await writeFile(join(dir, 'tod-p2m.conf'), await clusterNginxConf(port, upstreams));
  const main = [
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 512; }',
    'http {',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(temp, kind)};`),
    `  log_format cluster '$request_method $request_uri $status $upstream_addr';`,
    `  access_log ${join(dir, 'access.log')} cluster;`,
    `  include ${join(dir, 'tod-p2m.conf')};`,
    '}',
  ].join('\n');
  await writeFile(join(dir, 'nginx.conf'), main);
  const args = ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'];
  const child = spawnManaged(binary('nginx'), args, { cwd: dir });
  await waitListening(port, child, 'nginx');
  return child;
}

/** Debian puts nginx in /usr/sbin, which a non-root PATH may lack. */
function binary(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name} is missing: npm test installs it (scripts/ensure-system-deps.sh)`);
}

async function waitListening(port: number, child: ManagedChild, name: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`${name} did not start on port ${port}:\n${child.outputTail()}`);
}
