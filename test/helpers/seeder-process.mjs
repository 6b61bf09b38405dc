// Child process that seeds one torrent over loopback. Plain ESM so that any Node 24 runs
// it without a TypeScript loader. Protocol (IPC):
//   parent → { type: 'seed', options }          child → { type: 'ready', ... } | { type: 'failed', message }
//   parent → { type: 'stop' }                   child exits 0 once its client is destroyed
// The child also exits when the IPC channel closes, so a crashed test never leaves a seeder.
import createTorrent from 'create-torrent';
import { encode as encodeMagnet } from 'magnet-uri';
import { mkdtemp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import parseTorrent, { toTorrentFile } from 'parse-torrent';
import { createLoopbackClient, destroyClient } from './loopback-client.mjs';

const ANNOUNCE_TIMEOUT_MS = 10_000;

let client;
let stagingDir;
let stopping = false;

process.on('message', (message) => {
  if (message?.type === 'seed') seed(message.options).then(send, (err) => fail(err));
  if (message?.type === 'stop') void shutdown(0);
});
process.on('disconnect', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function seed(options) {
  const announce = options.announce ?? [];
  const layout = await stageLayout(options.paths.map((p) => resolve(p)), options.name);
  const started = Date.now();
  const { torrentFile, hashed } = await obtainTorrentFile(layout, options, announce);
  const hashMs = Date.now() - started;

  // uTP on: a client with uTP enabled (webtorrent's default, and the app's) dials IPv4
  // peers over uTP first and falls back to TCP only after ~20 s of retries.
  client = await createLoopbackClient({ utp: true, ...(options.uploadLimit ? { uploadLimit: options.uploadLimit } : {}) });
  client.on('error', (err) => fail(err));
  // skipVerify: the pieces were just hashed from these very files (or come from a cache
  // the caller vouches for), so reading everything again would only double the startup.
  const torrent = client.add(torrentFile, { path: layout.storeRoot, skipVerify: true });
  const announced = announce.length === 0 ? Promise.resolve(true) : firstAnnounce(torrent);
  await new Promise((resolveReady, reject) => {
    torrent.once('ready', resolveReady);
    torrent.once('error', reject);
  });
  const didAnnounce = await announced;

  const peerAddress = `127.0.0.1:${client.address().port}`;
  return {
    type: 'ready',
    infoHash: torrent.infoHash,
    name: torrent.name,
    magnetURI: encodeMagnet({
      infoHash: torrent.infoHash,
      name: torrent.name,
      announce,
      peerAddresses: [peerAddress],
    }),
    torrentFile: Buffer.from(torrentFile).toString('base64'),
    files: torrent.files.map((f) => ({ path: f.path.replaceAll('\\', '/'), name: f.name, length: f.length })),
    storeRoot: layout.storeRoot,
    peerAddress,
    announced: didAnnounce,
    hashed,
    hashMs,
    readyMs: Date.now() - started,
  };
}

/**
 * Webtorrent reads a torrent's files at `<storeRoot>/<torrent path>`. One path whose
 * basename is already the torrent name is used in place; otherwise a staging dir of
 * symlinks gives the torrent its name and layout without copying any bytes.
 */
async function stageLayout(paths, name) {
  if (paths.length === 0) throw new Error('startSeeder needs at least one path');
  if (paths.length === 1 && (name === undefined || name === basename(paths[0]))) {
    return { input: paths[0], storeRoot: dirname(paths[0]) };
  }
  stagingDir = await mkdtemp(join(tmpdir(), 'tod-p2m-seed-'));
  const torrentName = name ?? 'seed';
  const input = join(stagingDir, torrentName);
  if (paths.length === 1) {
    await symlink(paths[0], input);
  } else {
    await mkdir(input);
    for (const p of paths) await symlink(p, join(input, basename(p)));
  }
  return { input, storeRoot: stagingDir };
}

async function obtainTorrentFile(layout, options, announce) {
  if (options.torrentFile) {
    return { torrentFile: await withAnnounce(Buffer.from(options.torrentFile, 'base64'), announce), hashed: false };
  }
  if (options.torrentCachePath) {
    const cached = await readFile(options.torrentCachePath).catch(() => undefined);
    if (cached && (await matchesDisk(cached, layout.storeRoot))) {
      return { torrentFile: await withAnnounce(cached, announce), hashed: false };
    }
  }
  const torrentFile = await new Promise((resolveTorrent, reject) => {
    createTorrent(
      layout.input,
      {
        // Without an explicit list create-torrent adds public trackers.
        announceList: announce.length > 0 ? [announce] : [],
        urlList: [],
        pieceLength: options.pieceLength,
        createdBy: 'tod-p2m test seeder',
        private: false,
      },
      (err, buf) => (err ? reject(err) : resolveTorrent(buf)),
    );
  });
  if (options.torrentCachePath) {
    await mkdir(dirname(options.torrentCachePath), { recursive: true });
    await writeFile(options.torrentCachePath, torrentFile);
  }
  return { torrentFile, hashed: true };
}

// A cached .torrent still holds the tracker of the run that made it; the info hash does
// not depend on the announce list, so swapping it keeps the torrent identical.
async function withAnnounce(torrentFile, announce) {
  const parsed = await parseTorrent(torrentFile);
  parsed.announce = announce;
  parsed.urlList = [];
  return toTorrentFile(parsed);
}

// Cheap staleness check (names and sizes, not hashes): the cached files are regenerated
// deterministically, so same name and size means same bytes.
async function matchesDisk(torrentFile, storeRoot) {
  try {
    const parsed = await parseTorrent(torrentFile);
    for (const file of parsed.files) {
      if ((await stat(join(storeRoot, file.path))).size !== file.length) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function firstAnnounce(torrent) {
  return new Promise((resolveAnnounce) => {
    const timer = setTimeout(() => resolveAnnounce(false), ANNOUNCE_TIMEOUT_MS);
    torrent.once('trackerAnnounce', () => {
      clearTimeout(timer);
      resolveAnnounce(true);
    });
  });
}

function send(message) {
  if (process.connected) process.send(message);
}

function fail(err) {
  send({ type: 'failed', message: err?.stack ?? String(err) });
  void shutdown(1);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  // Never hang on a stuck socket: the parent is waiting for this exit.
  setTimeout(() => process.exit(code), 4_000).unref();
  if (client) await destroyClient(client);
  if (stagingDir) await rm(stagingDir, { recursive: true, force: true });
  process.exit(code);
}
