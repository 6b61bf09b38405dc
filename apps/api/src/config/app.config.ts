import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, ArrayNotEmpty } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The one typed configuration object, built once at startup by `loadAppConfig`.
 * Durations are milliseconds and sizes bytes here, whatever units the sources used.
 */
export class AppConfig {
  @IsInt() @Min(0) @Max(65535) port: number;
  @IsString() host: string;
  @IsIn(LOG_LEVELS) logLevel: LogLevel;
  @IsBoolean() logPretty: boolean;

  @IsString() dataDir: string;
  @IsString({ each: true }) trackers: string[];
  @IsBoolean() dht: boolean;
  @IsBoolean() lsd: boolean;
  @IsBoolean() natTraversal: boolean;
  @IsBoolean() utp: boolean;
  @IsInt() @Min(0) @Max(65535) torrentPort: number;
  @IsInt() @Min(1) maxConnections: number;
  @IsInt() @Min(0) downloadRateLimit: number;
  @IsInt() @Min(0) uploadRateLimit: number;
  @IsInt() @Min(1) torrentTimeoutMs: number;

  @IsInt() @Min(1) cacheSize: number;
  @IsInt() @Min(1) cleanupIntervalMs: number;
  @IsInt() @Min(1) idleTimeoutMs: number;
  /** 0 = unlimited; undefined = a fraction of the free space at startup. */
  @IsOptional() @IsInt() @Min(0) maxDiskUsage?: number;
  @IsBoolean() keepFiles: boolean;

  @IsInt() @Min(1) @Max(60) hlsSegmentDuration: number;
  @IsInt() @Min(1) @Max(64) hlsMaxProcesses: number;
  @IsInt() @Min(144) @Max(4320) hlsMaxHeight: number;
  /** Overrides; else ffmpeg/ffprobe on PATH, else the npm packages. */
  @IsOptional() @IsString() ffmpegPath?: string;
  @IsOptional() @IsString() ffprobePath?: string;

  @ArrayNotEmpty() @IsString({ each: true }) corsOrigins: string[];
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) publicUrl?: string;
  @IsBoolean() trustProxy: boolean;
  @IsInt() @Min(1) throttleApiLimit: number;
  @IsInt() @Min(1) throttleApiTtlMs: number;
  @IsInt() @Min(1) throttleStreamLimit: number;
  @IsInt() @Min(1) throttleStreamTtlMs: number;

  /** Empty: auth is off. Otherwise every API route needs one of these keys. */
  @IsString({ each: true }) @MinLength(1, { each: true }) apiKeys: string[];
  /** HMAC key of signed media URLs; generated at startup when unset (URLs then die with the process). */
  @IsOptional() @IsString() urlSigningSecret?: string;
  @IsInt() @Min(1000) signedUrlTtlMs: number;
  /** A token that opens /metrics only (Bearer), for scrapers that should not hold an API key. */
  @IsOptional() @IsString() @MinLength(1) metricsToken?: string;
  /** false: no /metrics and no request timing. */
  @IsBoolean() metrics: boolean;

  /** Names this node in /stats, so an operator sees where each torrent lives. */
  @IsString() @MinLength(1) nodeId: string;
  /** Set: torrent sources are shared through Redis, so any node can add what another was given. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['redis', 'rediss'], require_protocol: true }) redisUrl?: string;
  /** The load balancer's URL: a POST is handed to the node its info hash maps to, through it. */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) clusterUrl?: string;
  /** How long a stored source outlives the last node that held its torrent. */
  @IsInt() @Min(1000) sourceTtlMs: number;
  /** On SIGTERM, how long open streams may run on before the process stops. */
  @IsInt() @Min(0) shutdownGraceMs: number;
  /** true: HLS audio renditions with more than two channels become stereo AAC (default: 5.1 AAC). */
  @IsBoolean() hlsAudioDownmix: boolean;
  /** Media time each reader selects ahead of its position; clamped to 8–256 MiB. */
  @IsInt() @Min(1000) readaheadMs: number;
  @IsBoolean() readaheadRamp: boolean;
  /** Load WebRTC, for browser peers reached through ws(s):// trackers (off: no native library, ~4 MB less RSS). */
  @IsBoolean() webrtc: boolean;
}
