// Plain ESM (not TS) because the seeder child process imports it with a bare `node`.
import WebTorrent from 'webtorrent';

/**
 * Everything that could reach beyond 127.0.0.1 is off: no DHT, no LSD multicast, no
 * peer exchange, no UPnP/NAT-PMP, no web seeds. uTP is off unless asked for with
 * `{ utp: true }`. Peers come only from the announce URLs a torrent carries, and from
 * `x.pe` peer addresses in a magnet.
 */
export const LOOPBACK_CLIENT_OPTIONS = Object.freeze({
  dht: false,
  lsd: false,
  utPex: false,
  natUpnp: false,
  natPmp: false,
  webSeeds: false,
  utp: false,
  torrentPort: 0,
  // an object (not `false`) keeps tracker announces on; webtorrent adds no default trackers
  tracker: {},
});

/** A webtorrent client whose peer listeners (TCP, and uTP if enabled) accept 127.0.0.1 only. */
export async function createLoopbackClient(extraOptions = {}) {
  // A stray WEBTORRENT_ANNOUNCE global would make webtorrent add public trackers.
  delete globalThis.WEBTORRENT_ANNOUNCE;
  const client = new WebTorrent({ ...LOOPBACK_CLIENT_OPTIONS, ...extraOptions });
  await new Promise((resolve, reject) => {
    if (client.listening) return resolve();
    client.once('listening', resolve);
    client.once('error', reject);
  });
  await rebindToLoopback(client);
  return client;
}

// webtorrent 3 has no bind-address option: its ConnPool listens on every interface, for
// TCP and (when enabled) uTP alike. Re-listening on the same port at 127.0.0.1 keeps the
// port that trackers are told while closing the door to other hosts.
async function rebindToLoopback(client) {
  const pool = client._connPool;
  if (!pool) return;
  await rebindTcp(pool.tcpServer);
  if (pool.utpServer) pool.utpServer = await rebindUtp(pool, pool.utpServer);
}

async function rebindTcp(server) {
  const { port } = server.address();
  await new Promise((resolve) => server.close(() => resolve()));
  await listenOnLoopback(server, port);
}

// A utp-native socket cannot be bound twice, so a fresh one takes over the pool's
// handlers. Outgoing uTP connections go through this socket too (client._utpServer).
async function rebindUtp(pool, old) {
  const { port } = old.address();
  old.removeListener('connection', pool._onUTPConnectionBound);
  old.removeListener('listening', pool._onListening);
  old.removeListener('error', pool._onUTPError);
  await new Promise((resolve) => old.close(() => resolve()));
  const fresh = old.constructor.createServer();
  fresh.on('connection', pool._onUTPConnectionBound);
  fresh.on('error', pool._onUTPError);
  await listenOnLoopback(fresh, port);
  fresh.setSendBufferSize(1024 * 1024);
  fresh.setRecvBufferSize(1024 * 1024);
  return fresh;
}

function listenOnLoopback(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}

/** Destroys a client; resolves even if it errors or hangs past `graceMs`. */
export function destroyClient(client, graceMs = 3000) {
  return new Promise((resolve) => {
    if (client.destroyed) return resolve();
    const timer = setTimeout(resolve, graceMs);
    client.destroy(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
