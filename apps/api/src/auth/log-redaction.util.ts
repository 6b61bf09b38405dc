/** A signed media path's token, kept out of logs: it opens the file until it expires. */
const SIGNED_PREFIX = /^\/t\/[^/?]+/;

export function redactSignedToken(url: string): string {
  return url.replace(SIGNED_PREFIX, '/t/[redacted]');
}
