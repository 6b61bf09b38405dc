import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

/** A seeder and one leecher connected to it, in a temp dir of their own. */
export interface LoopbackPair {
  seeder: WtClient;
  leecher: WtClient;
  /** The leecher's torrent: ready, nothing selected. */
  torrent: WtTorrent;
  /** Destroys both clients and removes the dir. */
  close(): Promise<void>;
}

/**
 * Seeds `content` as one file at `uploadBytesPerSecond` (slow enough that a leecher's requests
 * stay outstanding, to look at them) and connects a leecher that selects nothing.
 */
export async function connectedPair(name: string, content: Buffer, pieceLength: number, uploadBytesPerSecond: number): Promise<LoopbackPair> {
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  const seeder = loopbackClient();
  const leecher = loopbackClient();
  seeder.throttleUpload(uploadBytesPerSecond);
  const torrent = leecher.add(await seedContent(seeder, content, name, pieceLength, dir), { path: join(dir, 'leech'), deselect: true });
  await once(torrent, 'ready');
  connectTo(torrent, seeder);
  const close = async () => {
    await Promise.all([leecher, seeder].map((client) => new Promise((resolve) => client.destroy(resolve))));
    await rm(dir, { recursive: true, force: true });
  };
  return { seeder, leecher, torrent, close };
}
