import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, sha1OfFile } from './helpers/files.ts';
import {
  createLoopbackClient,
  destroyClient,
  type LoopbackClient,
  type LoopbackTorrent,
} from './helpers/loopback-client.mjs';
import { makeH264AacMp4 } from './helpers/media.ts';
import { isMoovAtEnd } from './helpers/mp4-boxes.ts';
import { startSeeder } from './helpers/seeder.ts';
import { startSwarmWithRandomFiles, type RandomFilesSwarm } from './helpers/swarm.ts';

const MOVIE_BYTES = 20 * 1024 * 1024;

function downloaded(torrent: LoopbackTorrent): Promise<void> {
  return new Promise((resolve, reject) => {
    if (torrent.done) return resolve();
    torrent.once('done', resolve);
    torrent.once('error', reject);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const settle = (connected: boolean) => {
      socket.destroy();
      resolve(connected);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });
}

describe('loopback swarm helpers', () => {
  let swarm: RandomFilesSwarm;
  const leechers: LoopbackClient[] = [];
  const downloadDirs: string[] = [];

  beforeAll(async () => {
    swarm = await startSwarmWithRandomFiles({ movieBytes: MOVIE_BYTES });
  });

  afterAll(async () => {
    await Promise.all(leechers.map((client) => destroyClient(client)));
    await swarm?.stop();
    await Promise.all(downloadDirs.map(removeDir));
  });

  async function newLeecher(utp: boolean): Promise<{ client: LoopbackClient; dir: string }> {
    const client = await createLoopbackClient({ utp });
    leechers.push(client);
    const dir = await makeTempDir('tod-p2m-leech');
    downloadDirs.push(dir);
    return { client, dir };
  }

  it('describes a multi-file torrent announced only to the local tracker', () => {
    expect(swarm.announceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/announce$/);
    expect(swarm.seeder.announced).toBe(true);
    expect(swarm.seeder.peerAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(swarm.files.map((f) => f.path).sort()).toEqual(['files/movie.mp4', 'files/readme.txt', 'files/subs/en.srt']);
    expect(swarm.files.find((f) => f.name === 'movie.mp4')?.length).toBe(MOVIE_BYTES);

    const magnet = new URL(swarm.magnetURI);
    expect(magnet.searchParams.get('xt')).toBe(`urn:btih:${swarm.infoHash}`);
    expect(magnet.searchParams.getAll('tr')).toEqual([swarm.announceUrl]);
    expect(magnet.searchParams.get('x.pe')).toBe(swarm.seeder.peerAddress);
    expect(swarm.tracker.peersOf(swarm.infoHash).complete).toBe(1);
  });

  // webtorrent dials IPv4 peers over uTP first when uTP is on (the app's default), so
  // the seeder must answer both transports.
  it.each([
    ['TCP', false, 'tcpOutgoing'],
    ['uTP', true, 'utpOutgoing'],
  ])('lets a separate %s leecher download every file sha1-identical', async (label, utp, wireType) => {
    const { client, dir } = await newLeecher(utp);
    const started = Date.now();
    const torrent = client.add(swarm.magnetURI, { path: dir });
    await downloaded(torrent);
    const seconds = (Date.now() - started) / 1000;
    console.info(`${label} leecher: ${(torrent.length / 2 ** 20 / seconds).toFixed(1)} MiB/s over loopback`);

    expect(torrent.wires.map((wire) => wire.type)).toContain(wireType);
    for (const file of swarm.files) {
      expect(await sha1OfFile(join(dir, file.path)), file.path).toBe(await sha1OfFile(swarm.sourcePathOf(file.path)));
    }
  });

  it('accepts peer connections on 127.0.0.1 only', async () => {
    const port = Number(swarm.seeder.peerAddress.split(':')[1]);
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    const { client } = await newLeecher(false);
    expect(client.address()?.address).toBe('127.0.0.1');
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (outside) expect(await canConnect(outside.address, port)).toBe(false);
  });

  it('re-seeds from a prebuilt .torrent without hashing', async () => {
    const reseeded = await startSeeder({
      paths: [join(swarm.dir, 'files')],
      announce: [swarm.announceUrl],
      torrentFile: swarm.torrentFile,
    });
    try {
      expect(reseeded.hashed).toBe(false);
      expect(reseeded.infoHash).toBe(swarm.infoHash);
    } finally {
      await reseeded.stop();
    }
  });
});

describe('seeder process lifecycle', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(removeDir));
  });

  it('terminates the child process on stop()', async () => {
    const dir = await makeTempDir('tod-p2m-seed-stop');
    dirs.push(dir);
    const movie = await makeH264AacMp4(join(dir, 'clip.mp4'), { seconds: 4 });
    expect(await isMoovAtEnd(movie)).toBe(true);

    const seeder = await startSeeder({ paths: [movie], name: 'clip', announce: [] });
    expect(seeder.files).toEqual([{ path: 'clip', name: 'clip', length: expect.any(Number) }]);
    expect(isAlive(seeder.pid)).toBe(true);
    await seeder.stop();
    expect(seeder.child.exitCode ?? seeder.child.signalCode).not.toBeNull();
    expect(isAlive(seeder.pid)).toBe(false);
    expect(existsSync(seeder.storeRoot)).toBe(false);
  });
});
