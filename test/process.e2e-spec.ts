import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDataDir } from '../apps/api/src/common/node-data-dir.js';
import { startSwarmWithRandomFiles, type RandomFilesSwarm } from './helpers/swarm.ts';
import { freePort, MAIN, runBuiltServer as run, waitHealthy } from './support/built-server.ts';

describe('the built server process', () => {
  let cwd: string;
  let swarm: RandomFilesSwarm;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it)`);
    cwd = await mkdtemp(join(tmpdir(), 'tod-p2m-process-'));
    swarm = await startSwarmWithRandomFiles({ movieBytes: 16 * 1024 * 1024, pieceLength: 256 * 1024, seed: 'process' });
  });

  afterAll(async () => {
    await swarm?.stop();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  it('refuses to start on bad config, with one clear line per problem', async () => {
    const server = run(
      { PORT: 'eighty', CLEANUP_INTERVAL: '0', LOG_LEVEL: 'loud', MAX_DISK_USAGE: '-1GB', IDLE_TIMEOUT: 'soon', MAX_CONNECTIONS: '-5' },
      cwd,
    );
    expect(await server.exited).toEqual({ code: 1, signal: null });
    const lines = server.stderr().split('\n').filter((line) => line.startsWith('  - '));
    expect(lines.map((line) => line.split(':')[0].slice(4)).sort()).toEqual(
      ['cleanup_interval', 'idle_timeout', 'log_level', 'max_connections', 'max_disk_usage', 'port'].sort(),
    );
  });

  it('starts with defaults and no config file, keeps a long stream alive, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    // a paused reader holds a draining node for shutdown_grace; this test wants the quick stop after it
    const server = run({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_GRACE: '1s' }, cwd);
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitHealthy(base);
      const added = await fetch(`${base}/torrents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ magnet: swarm.magnetURI }),
      });
      expect(added.status).toBe(201);
      // pieces land under the default data_dir, ./data (this node's part of it), in the background
      const pieces = join(nodeDataDir({ dataDir: join(cwd, 'data'), nodeId: hostname() }), 'torrents', swarm.infoHash);
      await expect.poll(() => existsSync(pieces), { timeout: 10_000 }).toBe(true);

      // a paused player: nothing read for longer than the seed's 15 s write timeout
      const response = await fetch(`${base}/stream/${swarm.infoHash}/0`);
      const reader = response.body!.getReader();
      let received = (await reader.read()).value!.byteLength;
      await new Promise((done) => setTimeout(done, 16_000));
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value.byteLength;
      }
      expect(received).toBe(16 * 1024 * 1024);
      const source = await readFile(swarm.sourcePathOf(swarm.files.find((f) => f.name === 'movie.mp4')!.path));
      expect(source.byteLength).toBe(received);

      const swarmSize = () => {
        const { complete, incomplete } = swarm.tracker.peersOf(swarm.infoHash);
        return complete + incomplete;
      };
      await expect.poll(swarmSize).toBe(2); // the seeder and our server

      // SIGTERM with a stream open: the process closes HTTP and the torrent client quickly
      const open = await fetch(`${base}/stream/${swarm.infoHash}/0`);
      await open.body!.getReader().read();
      const started = Date.now();
      server.child.kill('SIGTERM');
      // Nest re-raises the signal once its shutdown hooks have run
      expect(await server.exited).toEqual({ code: null, signal: 'SIGTERM' });
      expect(Date.now() - started).toBeLessThan(5_000);
      // the shutdown hooks ran, and the torrent client left the swarm (a 'stopped' announce)
      expect(server.stdout()).toContain('stopping torrent client');
      await expect.poll(swarmSize).toBe(1);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 60_000);

  it('loads no WebRTC library unless webrtc is on, and still streams', async () => {
    const start = async (env: Record<string, string>) => {
      const port = await freePort();
      const server = run({ PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_GRACE: '0s', TRACKERS: swarm.announceUrl, ...env }, cwd);
      await waitHealthy(`http://127.0.0.1:${port}`);
      return { server, base: `http://127.0.0.1:${port}` };
    };
    const nativeWebRtcLoaded = async (pid: number) => /node_datachannel\.node/.test(await readFile(`/proc/${pid}/maps`, 'utf8'));
    const rssMB = async (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))![1]) / 1000;

    const off = await start({});
    try {
      expect(await nativeWebRtcLoaded(off.server.child.pid!)).toBe(false);
      // webtorrent works without it: a stream from the loopback swarm
      const response = await fetch(`${off.base}/stream/${swarm.infoHash}/0`, { headers: { range: 'bytes=0-65535' } });
      expect(response.status).toBe(206);
      expect((await response.arrayBuffer()).byteLength).toBe(65_536);
      console.log(`[webrtc] off: RSS ${(await rssMB(off.server.child.pid!)).toFixed(1)} MB after one stream`);
    } finally {
      off.server.child.kill('SIGTERM');
      await off.server.exited;
    }
    const on = await start({ WEBRTC: 'true' });
    try {
      expect(await nativeWebRtcLoaded(on.server.child.pid!)).toBe(true);
    } finally {
      on.server.child.kill('SIGTERM');
      await on.server.exited;
    }
  });
});
