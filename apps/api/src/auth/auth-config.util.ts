import type { AppConfig } from '../config/app.config.js';

/** Shorter HMAC keys make signatures guessable offline. */
export const MIN_SECRET_BYTES = 32;

/** Auth settings that are each valid alone but not together; each problem is one line. */
export function authConfigProblems(config: AppConfig): string[] {
  const secret = config.urlSigningSecret;
  if (config.apiKeys.length === 0 || secret === undefined) return [];
  const length = Buffer.byteLength(secret, 'utf8');
  if (length >= MIN_SECRET_BYTES) return [];
  return [`url_signing_secret: must be at least ${MIN_SECRET_BYTES} bytes when api_keys is set (got ${length})`];
}
