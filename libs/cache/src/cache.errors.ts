/** Domain failures of the cache; the API's exception filter maps each code to HTTP. */
export const CacheErrorCode = {
  /** Every entry is in use, so none can make way for a new one (maps to 503). */
  CacheFull: 'CacheFull',
  /** The disk budget cannot fit the bytes even after evicting every idle entry (maps to 507). */
  DiskFull: 'DiskFull',
} as const;
export type CacheErrorCode = (typeof CacheErrorCode)[keyof typeof CacheErrorCode];

/**
 * Room frees up as soon as any reader closes, because admission evicts idle entries itself;
 * there is no way to know when that happens, so clients are told to come back soon.
 */
export const CACHE_FULL_RETRY_AFTER_SECONDS = 10;

export class CacheError extends Error {
  constructor(
    readonly code: CacheErrorCode,
    message: string,
    /** Set for CacheFull: a hint for the Retry-After header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'CacheError';
  }

  static cacheFull(maxEntries: number): CacheError {
    return new CacheError(
      CacheErrorCode.CacheFull,
      `all ${maxEntries} cache entries are in use; try again later`,
      CACHE_FULL_RETRY_AFTER_SECONDS,
    );
  }

  static diskFull(bytes: number, usedBytes: number, limitBytes: number): CacheError {
    return new CacheError(
      CacheErrorCode.DiskFull,
      `cannot fit ${bytes} more bytes: ${usedBytes} of ${limitBytes} bytes of the disk budget are in use`,
    );
  }
}
