import { hostname } from 'node:os';
import { parseBoolean, parseDuration, parseInteger, parseList, parseSize } from './units.util.js';
import type { AppConfig } from './app.config.js';

type Parser = (value: unknown) => unknown;
const text: Parser = (value) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

export interface ConfigKey {
  /** The config.yaml key; the env var is the same in upper case. */
  key: string;
  property: keyof AppConfig;
  parse: Parser;
  /** Raw default, written as a user would write it. Undefined: optional, no default. */
  fallback?: unknown;
  /** Shown when parsing fails. */
  expects: string;
}

const DEFAULT_TRACKERS = [
  'udp://tracker.opentrackr.org:1337/announce',
  'udp://open.demonii.com:1337/announce',
  'udp://open.stealth.si:80/announce',
  'udp://exodus.desync.com:6969/announce',
  'udp://tracker.torrent.eu.org:451/announce',
  'wss://tracker.openwebtorrent.com',
];

const duration = (key: string, property: keyof AppConfig, fallback: string): ConfigKey => ({
  key,
  property,
  parse: parseDuration,
  fallback,
  expects: 'a duration like 30s, 10m or 1h',
});
const size = (key: string, property: keyof AppConfig, fallback?: string | number): ConfigKey => ({
  key,
  property,
  parse: parseSize,
  fallback,
  expects: 'a size like 512MB or a number of bytes',
});
const integer = (key: string, property: keyof AppConfig, fallback: number): ConfigKey => ({
  key,
  property,
  parse: parseInteger,
  fallback,
  expects: 'a whole number',
});
const flag = (key: string, property: keyof AppConfig, fallback: boolean): ConfigKey => ({
  key,
  property,
  parse: parseBoolean,
  fallback,
  expects: 'true or false',
});
const list = (key: string, property: keyof AppConfig, fallback: string[]): ConfigKey => ({
  key,
  property,
  parse: parseList,
  fallback,
  expects: 'a list (YAML) or comma-separated text (env)',
});

/** Every key tod-p2m reads, its default, and how its text becomes a typed value. */
export const CONFIG_KEYS: readonly ConfigKey[] = [
  integer('port', 'port', 8080),
  { key: 'host', property: 'host', parse: text, fallback: '0.0.0.0', expects: 'an address' },
  { key: 'log_level', property: 'logLevel', parse: text, fallback: 'info', expects: 'a log level' },
  flag('log_pretty', 'logPretty', false),
  { key: 'data_dir', property: 'dataDir', parse: text, fallback: './data', expects: 'a directory' },
  list('trackers', 'trackers', DEFAULT_TRACKERS),
  flag('dht', 'dht', true),
  flag('lsd', 'lsd', true),
  flag('nat_traversal', 'natTraversal', false),
  flag('utp', 'utp', false),
  integer('torrent_port', 'torrentPort', 0),
  integer('max_connections', 'maxConnections', 100),
  size('download_rate_limit', 'downloadRateLimit', 0),
  size('upload_rate_limit', 'uploadRateLimit', 0),
  duration('torrent_timeout', 'torrentTimeoutMs', '30s'),
  integer('cache_size', 'cacheSize', 100),
  duration('cleanup_interval', 'cleanupIntervalMs', '10m'),
  duration('idle_timeout', 'idleTimeoutMs', '15m'),
  size('max_disk_usage', 'maxDiskUsage'),
  flag('keep_files', 'keepFiles', false),
  integer('hls_segment_duration', 'hlsSegmentDuration', 10),
  integer('hls_max_processes', 'hlsMaxProcesses', 2),
  integer('hls_max_height', 'hlsMaxHeight', 720),
  { key: 'ffmpeg_path', property: 'ffmpegPath', parse: text, expects: 'a path' },
  { key: 'ffprobe_path', property: 'ffprobePath', parse: text, expects: 'a path' },
  list('cors_origins', 'corsOrigins', ['*']),
  { key: 'public_url', property: 'publicUrl', parse: text, expects: 'an http(s) URL' },
  flag('trust_proxy', 'trustProxy', false),
  integer('throttle_api_limit', 'throttleApiLimit', 60),
  duration('throttle_api_ttl', 'throttleApiTtlMs', '1m'),
  integer('throttle_stream_limit', 'throttleStreamLimit', 1200),
  duration('throttle_stream_ttl', 'throttleStreamTtlMs', '1m'),
  list('api_keys', 'apiKeys', []),
  { key: 'url_signing_secret', property: 'urlSigningSecret', parse: text, expects: 'a secret of 32 bytes or more' },
  duration('signed_url_ttl', 'signedUrlTtlMs', '6h'),
  { key: 'metrics_token', property: 'metricsToken', parse: text, expects: 'a token' },
  flag('metrics', 'metrics', true),
  { key: 'node_id', property: 'nodeId', parse: text, fallback: hostname(), expects: 'a name' },
  { key: 'redis_url', property: 'redisUrl', parse: text, expects: 'a redis:// URL' },
  { key: 'cluster_url', property: 'clusterUrl', parse: text, expects: 'an http(s) URL' },
  duration('source_ttl', 'sourceTtlMs', '24h'),
  duration('shutdown_grace', 'shutdownGraceMs', '20s'),
  flag('hls_audio_downmix', 'hlsAudioDownmix', false),
  duration('readahead', 'readaheadMs', '30s'),
  flag('readahead_ramp', 'readaheadRamp', true),
  flag('webrtc', 'webrtc', false),
];
