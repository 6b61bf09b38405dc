const MAGNET_PREFIX = 'magnet:?';

/**
 * A stored source is the magnet's text or the .torrent's bytes, as is. The two cannot be
 * confused: a .torrent is a bencoded dictionary, which starts with `d`.
 */
export function encodeSource(torrentId: string | Uint8Array): Uint8Array {
  return typeof torrentId === 'string' ? new TextEncoder().encode(torrentId) : torrentId;
}

export function decodeSource(encoded: Uint8Array): { magnet: string } | { torrentFile: Uint8Array } {
  const head = new TextDecoder().decode(encoded.subarray(0, MAGNET_PREFIX.length));
  if (head.toLowerCase() === MAGNET_PREFIX) return { magnet: new TextDecoder().decode(encoded) };
  return { torrentFile: encoded };
}
