import createTorrent from 'create-torrent';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import parseTorrent from 'parse-torrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Of } from './helpers/info-hash.ts';
import { makeTempDir, removeDir, writeRandomFile } from './helpers/files.ts';
import { ffmpegPath, makeH264AacMp4 } from './helpers/media.ts';
import { startSeeder, type Seeder } from './helpers/seeder.ts';
import { startTracker, type Tracker } from './helpers/tracker.ts';
import { startCluster, type Cluster, type ClusterNode } from './support/cluster.ts';

const run = promisify(execFile);
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');
const MOVIE_BYTES = 24 * 1024 * 1024;

interface TorrentBody {
  infoHash: string;
  files: { id: number; name: string; streamUrl: string; hlsUrl?: string }[];
}

async function postMagnet(base: string, magnet: string): Promise<TorrentBody> {
  const response = await fetch(`${base}/torrents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ magnet }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as TorrentBody;
}

/** The hashes a node holds, asked directly; a node that was killed holds nothing. */
async function heldBy(node: ClusterNode): Promise<string[]> {
  const response = await fetch(`${node.baseUrl}/torrents`).catch(() => undefined);
  if (!response) return [];
  const torrents = (await response.json()) as { infoHash: string }[];
  return torrents.map((torrent) => torrent.infoHash);
}

async function holders(cluster: Cluster, infoHash: string): Promise<ClusterNode[]> {
  const held = await Promise.all(
    cluster.nodes.map(async (node) => ((await heldBy(node)).includes(infoHash) ? node : undefined)),
  );
  return held.filter((node): node is ClusterNode => node !== undefined);
}

/** A single-file torrent with no trackers at all, made here; nobody seeds it yet. */
function trackerlessTorrent(path: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    createTorrent(path, { announceList: [], urlList: [], pieceLength: 256 * 1024 }, (err, torrent) =>
      err ? reject(err) : resolve(torrent),
    ),
  );
}

// Two nodes, one nginx running deploy/nginx/tod-p2m.conf, one redis-server, a loopback swarm.
describe('several nodes behind nginx, sources shared in Redis', () => {
  let dir: string;
  let tracker: Tracker;
  const seeders: Seeder[] = [];
  let cluster: Cluster;
  let movie: { infoHash: string; magnet: string; sha1: string; url: string };

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-cluster-swarm');
    tracker = await startTracker({ intervalMs: 2_000 });
    const moviePath = join(dir, 'movie', 'movie.mp4');
    await writeRandomFile(moviePath, MOVIE_BYTES, 'cluster/movie');
    const seeder = await startSeeder({ paths: [moviePath], announce: [tracker.announceUrl], pieceLength: 256 * 1024 });
    seeders.push(seeder);
    movie = {
      infoHash: seeder.infoHash,
      magnet: seeder.magnetURI,
      sha1: sha1(await readFile(moviePath)),
      url: '',
    };
    cluster = await startCluster({ nodes: 2, trackers: [tracker.announceUrl] });
  });

  afterAll(async () => {
    await cluster?.stop();
    for (const seeder of seeders) await seeder.stop();
    await tracker?.close();
    if (dir) await removeDir(dir);
  });

  it('a magnet POSTed through nginx streams sha1-exact through nginx, held by exactly one node', async () => {
    const body = await postMagnet(cluster.url, movie.magnet);
    expect(body.infoHash).toBe(movie.infoHash);
    // the URLs point at nginx, where the client already goes
    movie.url = body.files[0].streamUrl;
    expect(movie.url).toBe(`${cluster.url}/stream/${movie.infoHash}/0/movie.mp4`);
    const response = await fetch(movie.url);
    expect(response.status).toBe(200);
    expect(sha1(new Uint8Array(await response.arrayBuffer()))).toBe(movie.sha1);
    expect(await holders(cluster, movie.infoHash)).toHaveLength(1);
    // and the source is in Redis, under the hash
    expect(await cluster.redis.exists(`tod-p2m:source:${movie.infoHash}`)).toBe(1);
  });

  it('a .torrent without trackers POSTed to the node that does not own it is added by the owner, from Redis', async () => {
    let found: { infoHash: string; path: string; torrent: Uint8Array; receiver: string; owner: string } | undefined;
    for (let i = 0; i < 12 && !found; i++) {
      const path = join(dir, `clip-${i}`, `clip-${i}.bin`);
      await writeRandomFile(path, 1024 * 1024, `cluster/clip-${i}`);
      const torrent = await trackerlessTorrent(path);
      const parsed = await parseTorrent(torrent);
      expect(parsed.announce ?? []).toEqual([]);
      const form = new FormData();
      form.append('torrent', new Blob([torrent]), `clip-${i}.torrent`);
      const response = await fetch(`${cluster.url}/torrents`, { method: 'POST', body: form });
      expect(response.status, await response.clone().text()).toBe(201);
      expect(((await response.json()) as TorrentBody).infoHash).toBe(parsed.infoHash);
      // which node took the POST, and which one nginx sent the hash to
      const log = await cluster.accessLog();
      const receiver = log.findLast((line) => line.startsWith('POST /torrents '))!.split(' ')[3];
      const owner = log.findLast((line) => line.startsWith(`GET /torrent/${parsed.infoHash} `))!.split(' ')[3];
      if (receiver !== owner) found = { infoHash: parsed.infoHash, path, torrent, receiver, owner };
    }
    expect(found, 'no POST reached the node that does not own its hash').toBeDefined();
    const { infoHash, path, torrent, receiver, owner } = found!;
    const ownerNode = cluster.nodes.find((node) => node.baseUrl.endsWith(owner))!;
    const receiverNode = cluster.nodes.find((node) => node.baseUrl.endsWith(receiver))!;
    expect((await holders(cluster, infoHash)).map((node) => node.nodeId)).toEqual([ownerNode.nodeId]);
    expect(await heldBy(receiverNode)).not.toContain(infoHash);
    // the receiver stored the bytes it was sent; the owner added the torrent from them
    expect(await cluster.redis.getBuffer(`tod-p2m:source:${infoHash}`)).toEqual(Buffer.from(torrent));
    const ownerStats = (await (await fetch(`${ownerNode.baseUrl}/stats`)).json()) as Record<string, unknown>;
    expect(ownerStats).toMatchObject({ nodeId: ownerNode.nodeId, sourceStore: 'redis' });
    expect(ownerStats.sourcesLoaded).toBeGreaterThanOrEqual(1);

    // now someone seeds it (announcing to the tracker the nodes know); stream it through nginx
    seeders.push(await startSeeder({ paths: [path], announce: [tracker.announceUrl], torrentFile: torrent }));
    const response = await fetch(`${cluster.url}/stream/${infoHash}/0`);
    expect(response.status).toBe(200);
    expect(sha1(new Uint8Array(await response.arrayBuffer()))).toBe(sha1(await readFile(path)));
    expect((await holders(cluster, infoHash)).map((node) => node.nodeId)).toEqual([ownerNode.nodeId]);
  });

  it('HLS through nginx plays to the end: ffmpeg decodes the whole playlist', async () => {
    const mediaPath = await makeH264AacMp4(join(dir, 'hls', 'clip.mp4'), { seconds: 24, size: '320x180' });
    const seeder = await startSeeder({ paths: [mediaPath], announce: [tracker.announceUrl] });
    seeders.push(seeder);
    const body = await postMagnet(cluster.url, seeder.magnetURI);
    const master = body.files[0].hlsUrl!;
    expect(master).toBe(`${cluster.url}/hls/${seeder.infoHash}/0/master.m3u8`);
    const { stderr } = await run(
      await ffmpegPath(),
      [
        '-hide_banner',
        '-v',
        'error',
        '-stats',
        '-i',
        master.replace('master.m3u8', 'playlist.m3u8'),
        '-f',
        'null',
        '-',
      ],
      { timeout: 90_000 },
    );
    // the last progress line: decoded media time, HH:MM:SS.xx
    const times = [...stderr.matchAll(/time=(\d+):(\d+):([\d.]+)/g)].map(([, h, m, s]) => +h * 3600 + +m * 60 + +s);
    expect(times.at(-1)).toBeGreaterThan(23);
    expect(await holders(cluster, seeder.infoHash)).toHaveLength(1);
  });

  it('a base32 or upper-case hash URL through nginx redirects to the canonical one', async () => {
    for (const form of [base32Of(movie.infoHash), movie.infoHash.toUpperCase()]) {
      const response = await fetch(`${cluster.url}/stream/${form}/0`, { redirect: 'manual' });
      expect(response.status).toBe(308);
      expect(response.headers.get('location')).toBe(`/stream/${movie.infoHash}/0`);
    }
    const followed = await fetch(`${cluster.url}/stream/${base32Of(movie.infoHash)}/0`, {
      headers: { range: 'bytes=0-0' },
    });
    expect(followed.status).toBe(206);
  });

  it('nginx sends every route that names the hash to the node that holds it, signed prefix included', async () => {
    const [owner] = await holders(cluster, movie.infoHash);
    const h = movie.infoHash;
    // some of these routes may not exist (or need auth); where nginx sends them is the point
    const paths = [
      `/torrent/${h}`,
      `/torrent/${h}/events`,
      `/torrent/${h}.torrent`,
      `/stream/${h}/0`,
      `/stream/${h}/0/movie.mp4`,
      `/hls/${h}/0/master.m3u8`,
      `/subtitles/${h}/0/1.vtt`,
      `/playlist/${h}.m3u`,
      `/t/some-token/stream/${h}/0`,
      `/t/some-token/hls/${h}/0/3.ts`,
    ];
    for (const path of paths) {
      const response = await fetch(`${cluster.url}${path}`, { headers: { range: 'bytes=0-0' } });
      await response.body?.cancel();
      // nginx writes the access log line when it is done with the request, which may be after the body was cancelled here
      const logged = async () => (await cluster.accessLog()).findLast((entry) => entry.startsWith(`GET ${path} `));
      await expect.poll(logged, { timeout: 5_000, message: `${path} in nginx's access log` }).toBeDefined();
      expect((await logged())!.split(' ')[3], path).toBe(new URL(owner.baseUrl).host);
    }
    expect(await holders(cluster, h)).toEqual([owner]);
  });

  it('SIGKILL of the owner mid-stream: a new GET through nginx streams from the other node, sha1-exact', async () => {
    const [owner] = await holders(cluster, movie.infoHash);
    const other = cluster.nodes.find((node) => node !== owner)!;
    const open = await fetch(movie.url);
    const reader = open.body!.getReader();
    await reader.read();
    const killed = performance.now();
    process.kill(owner.pid, 'SIGKILL');
    // the player's stream breaks; its retry is a new request
    try {
      while (!(await reader.read()).done);
    } catch {
      // cut mid-body: what a player sees
    }
    let firstByteMs = -1;
    let body: Uint8Array | undefined;
    for (let attempt = 0; attempt < 50 && !body; attempt++) {
      const response = await fetch(movie.url).catch(() => undefined);
      if (response?.status !== 200) {
        await new Promise((done) => setTimeout(done, 100));
        continue;
      }
      const chunks: Uint8Array[] = [];
      const retry = response.body!.getReader();
      for (;;) {
        const { value, done } = await retry.read();
        if (done) break;
        if (firstByteMs < 0) firstByteMs = performance.now() - killed;
        chunks.push(value);
      }
      body = Buffer.concat(chunks);
    }
    expect(body).toBeDefined();
    expect(sha1(body!)).toBe(movie.sha1);
    expect(firstByteMs).toBeLessThan(5_000);
    expect(await heldBy(other)).toContain(movie.infoHash);
    process.stdout.write(
      `[cluster] failover, SIGKILL → first byte from ${other.nodeId}: ${Math.round(firstByteMs)} ms\n`,
    );
  });

  it('SIGTERM: readiness answers 503 (draining) at once, the open stream finishes, then the node stops', async () => {
    const [node] = await holders(cluster, movie.infoHash);
    const open = await fetch(`${node.baseUrl}/stream/${movie.infoHash}/0`);
    const reader = open.body!.getReader();
    const chunks: Uint8Array[] = [(await reader.read()).value!];
    process.kill(node.pid, 'SIGTERM');
    await expect
      .poll(async () => {
        const ready = await fetch(`${node.baseUrl}/health/ready`);
        return { status: ready.status, body: await ready.text() };
      })
      .toMatchObject({ status: 503, body: expect.stringContaining('draining') });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(sha1(Buffer.concat(chunks))).toBe(movie.sha1);
    const alive = () => {
      try {
        process.kill(node.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(alive, { timeout: 10_000 }).toBe(false);
  });
});
