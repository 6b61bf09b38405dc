import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed media URL opens: one file of one torrent, as its path says it. */
export interface MediaScope {
  infoHash: string;
  fileId: string | number;
}

export type TokenCheck = 'valid' | 'expired' | 'invalid';

const MAC_BYTES = 32;

function mac(secret: Buffer, scope: MediaScope, expiresAt: number): Buffer {
  return createHmac('sha256', secret).update(`tod-p2m/v1/${scope.infoHash}/${scope.fileId}/${expiresAt}`).digest();
}

/**
 * The path segment of a signed media URL: `<expiry, base 36 seconds>.<HMAC-SHA256, base64url>`
 * over the file's path prefix (info hash, file id) and the expiry. In the path, not the
 * query, so the relative URIs inside HLS playlists inherit it.
 */
export function signMediaToken(secret: Buffer, scope: MediaScope, expiresAt: number): string {
  return `${expiresAt.toString(36)}.${mac(secret, scope, expiresAt).toString('base64url')}`;
}

/** The signature is checked before the expiry, so a forged expiry reads as invalid. */
export function checkMediaToken(secret: Buffer, token: string, scope: MediaScope, nowSeconds: number): TokenCheck {
  const match = /^([0-9a-z]{1,12})\.([\w-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const expiresAt = parseInt(match[1], 36);
  const given = Buffer.from(match[2], 'base64url');
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(secret, scope, expiresAt))) return 'invalid';
  return expiresAt > nowSeconds ? 'valid' : 'expired';
}
