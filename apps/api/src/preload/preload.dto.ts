import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

/** 1 GiB: a preload is a resume window, not a download manager. */
export const MAX_PRELOAD_BYTES = 2 ** 30;
/** 32 MiB: about a minute of 4 Mbit/s video, enough to start playing at once. */
export const DEFAULT_PRELOAD_BYTES = 32 * 2 ** 20;

/** Send `from` or `seconds` (not both); `bytes` is optional. */
export class PreloadDto {
  /**
   * Byte offset in the file where the window starts.
   * @example 104857600
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  from?: number;

  /**
   * Media time in seconds (a resume position); mapped to a byte offset by the file's
   * average bitrate (its size over its duration, from ffprobe).
   * @example 1800
   */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  seconds?: number;

  /**
   * Window length in bytes (default 32 MiB, at most 1 GiB; cut at the end of the file).
   * @example 33554432
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PRELOAD_BYTES)
  bytes?: number;
}

/** One preload window and how far it got (in the events' `preloads` too). */
export class PreloadWindowDto {
  fileId: number;
  /** First byte of the window. */
  from: number;
  /** Last byte of the window (inclusive). */
  to: number;
  /** Bytes in the window. */
  bytes: number;
  /** Bytes of the window fetched so far, from `from` on. */
  fetched: number;
  done: boolean;
  /** Why it stopped early, if it did. */
  error?: string;
}

/** The answer to a preload: the window, and where to watch it. */
export class PreloadJobDto extends PreloadWindowDto {
  infoHash: string;
  /** Follow its progress here (Server-Sent Events, `preloads` of each progress event). */
  eventsUrl: string;
}
