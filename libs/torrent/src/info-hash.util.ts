import { TorrentError, TorrentErrorCode } from './torrent.errors.js';

const HEX40 = /^[0-9a-f]{40}$/i;
const BASE32_32 = /^[a-z2-7]{32}$/i;
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** True when `value` is a v1 info hash: 40 hex or 32 base32 characters, any case. */
export function isInfoHash(value: string): boolean {
  return HEX40.test(value) || BASE32_32.test(value);
}

/**
 * Normalises a v1 info hash to lowercase hex. Rejecting everything else is what
 * keeps `&tr=...` smuggled inside a "hash" from ever reaching a magnet URI.
 */
export function normalizeInfoHash(value: string): string {
  if (HEX40.test(value)) return value.toLowerCase();
  if (BASE32_32.test(value)) return base32ToHex(value.toLowerCase());
  throw new TorrentError(
    TorrentErrorCode.InvalidInfoHash,
    'infoHash must be 40 hex or 32 base32 characters',
  );
}

function base32ToHex(base32: string): string {
  let bits = '';
  for (const char of base32) bits += BASE32_ALPHABET.indexOf(char).toString(2).padStart(5, '0');
  let hex = '';
  for (let i = 0; i < 160; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}
