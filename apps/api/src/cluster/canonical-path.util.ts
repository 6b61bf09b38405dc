import { isInfoHash, normalizeInfoHash } from '#torrent';

/**
 * First path segment of every route whose second segment is an info hash. The load
 * balancer hashes on that segment (deploy/nginx/tod-p2m.conf), so it must be one form.
 */
export const HASH_ROUTES: readonly string[] = ['torrent', 'stream', 'hls', 'subtitles', 'playlist'];

const HASH_PATH = /^\/([a-z]+)\/([^/?.]+)([/.][^?]*)?(\?.*)?$/;

/**
 * The lowercase-hex form of a URL that names an info hash in another form (base32 or
 * upper-case hex); undefined when the URL is already canonical or names no valid hash
 * (the route's own validation answers those).
 */
export function canonicalHashUrl(url: string): string | undefined {
  const match = HASH_PATH.exec(url);
  if (!match) return undefined;
  const [, route, hash, rest = '', query = ''] = match;
  if (!HASH_ROUTES.includes(route) || !isInfoHash(hash)) return undefined;
  const canonical = normalizeInfoHash(hash);
  return canonical === hash ? undefined : `/${route}/${canonical}${rest}${query}`;
}
