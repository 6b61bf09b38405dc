import { decode as decodeMagnet, encode as encodeMagnet } from 'magnet-uri';
import parseTorrent from 'parse-torrent';
import { isInfoHash, normalizeInfoHash } from './info-hash.util.js';
import { TorrentError, TorrentErrorCode } from './torrent.errors.js';

/** What the engine needs to add a torrent: its hash, and what to hand webtorrent. */
export interface TorrentSource {
  infoHash: string;
  /** A magnet URI we built ourselves, or the raw bytes of a .torrent file. */
  torrentId: string | Uint8Array;
  /** Trackers announced besides those inside `torrentId` (a magnet carries its own). */
  announce?: string[];
}

const TRACKER_PROTOCOLS = new Set(['http:', 'https:', 'udp:', 'ws:', 'wss:']);
const PEER_ADDRESS = /^(\[[0-9a-f:.]+\]|[0-9a-z.-]+):\d{1,5}$/i;

export function sourceFromInfoHash(rawHash: string, trackers: readonly string[]): TorrentSource {
  const infoHash = normalizeInfoHash(rawHash);
  return { infoHash, torrentId: encodeMagnet({ infoHash, announce: [...trackers] }) };
}

/**
 * Rebuilds the magnet from its parsed parts instead of passing the user's string
 * through, so only a validated hash, trackers and peer addresses reach the engine.
 */
export function sourceFromMagnet(uri: string, extraTrackers: readonly string[]): TorrentSource {
  if (!/^magnet:\?/i.test(uri)) {
    throw new TorrentError(TorrentErrorCode.InvalidMagnet, 'magnet must be a magnet:? URI');
  }
  const parsed = decodeMagnet(uri);
  const btih = [parsed.xt ?? []]
    .flat()
    .map((xt) => /^urn:btih:(.+)$/i.exec(xt)?.[1])
    .find((hash): hash is string => hash !== undefined);
  if (!btih || !isInfoHash(btih)) {
    throw new TorrentError(
      TorrentErrorCode.InvalidMagnet,
      'magnet must carry a BitTorrent v1 info hash (xt=urn:btih:<40 hex or 32 base32>)',
    );
  }
  const infoHash = normalizeInfoHash(btih);
  const announce = unique([...(parsed.announce ?? []).filter(isTrackerUrl), ...extraTrackers]);
  const peerAddresses = (parsed.peerAddresses ?? []).filter((peer) => PEER_ADDRESS.test(peer));
  const name = typeof parsed.name === 'string' ? parsed.name : undefined;
  return { infoHash, torrentId: encodeMagnet({ infoHash, name, announce, peerAddresses }) };
}

/** The configured trackers join a public .torrent's own; a private one keeps only its own. */
export async function sourceFromTorrentFile(
  bytes: Uint8Array,
  extraTrackers: readonly string[] = [],
): Promise<TorrentSource> {
  try {
    const parsed = await parseTorrent(bytes);
    if (!parsed.infoHash || !parsed.files) throw new Error('no info dictionary');
    const announce = parsed.private ? [] : [...extraTrackers];
    return { infoHash: parsed.infoHash, torrentId: bytes, announce };
  } catch (err) {
    throw new TorrentError(
      TorrentErrorCode.InvalidTorrentFile,
      `not a valid .torrent file: ${(err as Error).message}`,
    );
  }
}

function isTrackerUrl(value: string): boolean {
  try {
    return TRACKER_PROTOCOLS.has(new URL(value).protocol);
  } catch {
    return false;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
