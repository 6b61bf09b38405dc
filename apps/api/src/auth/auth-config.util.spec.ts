import { describe, expect, it } from 'vitest';
import { buildAppConfig, ConfigError } from '../config/config.loader.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    buildAppConfig({ env });
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('auth config', () => {
  it('is off by default, with a 6 h signed URL lifetime', () => {
    expect(buildAppConfig({})).toMatchObject({ apiKeys: [], signedUrlTtlMs: 6 * 3_600_000, metrics: true });
  });

  it('refuses a signing secret under 32 bytes when auth is on, in one line', () => {
    expect(problemsOf({ API_KEYS: 'k1,k2', URL_SIGNING_SECRET: 'short' })).toEqual([
      'url_signing_secret: must be at least 32 bytes when api_keys is set (got 5)',
    ]);
    expect(problemsOf({ API_KEYS: 'k1', URL_SIGNING_SECRET: 'é'.repeat(16) })).toEqual([]);
    expect(problemsOf({ URL_SIGNING_SECRET: 'short' })).toEqual([]);
    expect(problemsOf({ API_KEYS: 'k1' })).toEqual([]);
  });

  it('reads keys as a list and the lifetime as a duration', () => {
    expect(buildAppConfig({ env: { API_KEYS: ' a , b ', SIGNED_URL_TTL: '30m' } })).toMatchObject({ apiKeys: ['a', 'b'], signedUrlTtlMs: 1_800_000 });
    expect(problemsOf({ SIGNED_URL_TTL: 'forever' })).toEqual(['signed_url_ttl: expected a duration like 30s, 10m or 1h, got "forever"']);
  });
});
