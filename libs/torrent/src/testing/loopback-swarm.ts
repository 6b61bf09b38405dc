import { join } from 'node:path';
import WebTorrentModule from 'webtorrent';
import type { WtClient, WtClientConstructor, WtTorrent } from '../webtorrent.types.js';

/** Real webtorrent clients for specs, talking to nothing but each other on 127.0.0.1. */
const WebTorrent = WebTorrentModule as WtClientConstructor;
const LOOPBACK_ONLY = { dht: false, lsd: false, natUpnp: false, natPmp: false, utPex: false, utp: false, webSeeds: false, tracker: false, torrentPort: 0 };

export function loopbackClient(): WtClient {
  return new WebTorrent(LOOPBACK_ONLY);
}

export function once<T>(emitter: { once(event: string, fn: (value: T) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, resolve));
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Seeds `content` as one file from `dir`/seed; resolves with the .torrent once the seeder listens. */
export async function seedContent(seeder: WtClient, content: Buffer, name: string, pieceLength: number, dir: string): Promise<Uint8Array> {
  const seeded = await new Promise<WtTorrent>((resolve) => {
    (seeder as unknown as { seed(input: Buffer, opts: object, cb: (t: WtTorrent) => void): void }).seed(
      Object.assign(content, { name }),
      { name, pieceLength, announce: [], path: join(dir, 'seed') },
      resolve,
    );
  });
  await until(() => seeder.address() !== null, 'the seeder to listen');
  return (seeded as unknown as { torrentFile: Uint8Array }).torrentFile;
}

/** Connects a torrent to the seeder directly (no tracker, no DHT). */
export function connectTo(torrent: WtTorrent, seeder: WtClient): void {
  (torrent as unknown as { addPeer(addr: string): boolean }).addPeer(`127.0.0.1:${seeder.address()!.port}`);
}
