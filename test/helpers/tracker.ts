import { Server } from 'bittorrent-tracker';
import type { AddressInfo } from 'node:net';

export interface TrackerOptions {
  /** How often clients re-announce. Short, so a restarted seeder is found quickly. */
  intervalMs?: number;
}

export interface Tracker {
  /** `http://127.0.0.1:PORT/announce` */
  announceUrl: string;
  /** Seeders and leechers the tracker currently knows for a torrent. */
  peersOf(infoHash: string): { complete: number; incomplete: number };
  close(): Promise<void>;
}

/** An HTTP-only BitTorrent tracker on 127.0.0.1 with an ephemeral port (no UDP, no WebSocket). */
export async function startTracker(options: TrackerOptions = {}): Promise<Tracker> {
  const server = new Server({ http: true, udp: false, ws: false, stats: false, interval: options.intervalMs ?? 5_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  // Announce errors from a misbehaving client must not crash the test process.
  server.on('error', () => undefined);
  server.on('warning', () => undefined);
  const { port } = server.http!.address() as AddressInfo;
  return {
    announceUrl: `http://127.0.0.1:${port}/announce`,
    peersOf(infoHash) {
      const swarm = server.torrents[infoHash];
      return { complete: swarm?.complete ?? 0, incomplete: swarm?.incomplete ?? 0 };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // a client's keep-alive announce socket would otherwise hold close() open
        server.http?.closeAllConnections();
      }),
  };
}
