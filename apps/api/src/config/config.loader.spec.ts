import { describe, expect, it } from 'vitest';
import { buildAppConfig, ConfigError } from './config.loader.js';

function problemsOf(sources: Parameters<typeof buildAppConfig>[0]): string[] {
  try {
    buildAppConfig(sources);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('buildAppConfig', () => {
  it('has working defaults with no sources at all', () => {
    const config = buildAppConfig({});
    expect(config).toMatchObject({
      port: 8080,
      logLevel: 'info',
      torrentTimeoutMs: 30_000,
      maxConnections: 100,
      downloadRateLimit: 0,
      uploadRateLimit: 0,
      cacheSize: 100,
      cleanupIntervalMs: 600_000,
      idleTimeoutMs: 900_000,
      hlsSegmentDuration: 10,
      dht: true,
      corsOrigins: ['*'],
      dataDir: './data',
      trustProxy: false,
    });
    expect(config.maxDiskUsage).toBeUndefined();
    expect(config.trackers.length).toBeGreaterThan(0);
  });

  it('lets env override yaml and overrides win over both', () => {
    const config = buildAppConfig({
      yaml: { port: 9000, torrent_timeout: '5s', trackers: ['udp://a:1'], download_rate_limit: '2MB' },
      env: { PORT: '9100', TRACKERS: 'http://b:2/announce, http://c:3/announce' },
      overrides: { port: 0 },
    });
    expect(config.port).toBe(0);
    expect(config.torrentTimeoutMs).toBe(5_000);
    expect(config.trackers).toEqual(['http://b:2/announce', 'http://c:3/announce']);
    expect(config.downloadRateLimit).toBe(2 * 1024 * 1024);
  });

  it('reads an empty list variable as no items and an empty scalar as unset', () => {
    const config = buildAppConfig({ env: { TRACKERS: '', PORT: '', PUBLIC_URL: '' } });
    expect(config.trackers).toEqual([]);
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBeUndefined();
  });

  it('reports one clear line per bad value', () => {
    const problems = problemsOf({
      yaml: { max_connections: -1, cleanup_interval: 0, log_level: 'loud', nonsense: 1 },
      env: { TORRENT_TIMEOUT: 'soon', PORT: '70000', MAX_DISK_USAGE: 'lots', DHT: 'maybe' },
    });
    expect(problems).toEqual([
      'nonsense: unknown key in config.yaml',
      'dht: expected true or false, got "maybe"',
      'torrent_timeout: expected a duration like 30s, 10m or 1h, got "soon"',
      'max_disk_usage: expected a size like 512MB or a number of bytes, got "lots"',
      'port: value must not be greater than 65535 (got 70000)',
      expect.stringMatching(/^log_level: value must be one of the following values: fatal, error/),
      'max_connections: value must not be less than 1 (got -1)',
      'cleanup_interval: value must not be less than 1 (got 0)',
    ]);
  });

  it('stops on bad values of the lifecycle and throttling keys', () => {
    expect(
      problemsOf({
        yaml: { max_disk_usage: '-1GB', keep_files: 'sometimes', trust_proxy: 'perhaps', throttle_api_limit: 0, throttle_stream_ttl: 'forever' },
      }),
    ).toEqual([
      'max_disk_usage: expected a size like 512MB or a number of bytes, got "-1GB"',
      'keep_files: expected true or false, got "sometimes"',
      'trust_proxy: expected true or false, got "perhaps"',
      'throttle_stream_ttl: expected a duration like 30s, 10m or 1h, got "forever"',
      'throttle_api_limit: value must not be less than 1 (got 0)',
    ]);
    expect(buildAppConfig({ env: { MAX_DISK_USAGE: '0', KEEP_FILES: 'true' } })).toMatchObject({ maxDiskUsage: 0, keepFiles: true });
  });

  it('validates public_url and the new lifecycle keys', () => {
    expect(problemsOf({ env: { PUBLIC_URL: 'not a url', IDLE_TIMEOUT: '-1s', CACHE_SIZE: '0' } })).toEqual([
      'idle_timeout: expected a duration like 30s, 10m or 1h, got "-1s"',
      'cache_size: value must not be less than 1 (got 0)',
      expect.stringMatching(/^public_url: value must be a URL address/),
    ]);
  });
});
