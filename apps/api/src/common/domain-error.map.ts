import { HttpStatus } from '@nestjs/common';
import { CacheError, CacheErrorCode } from '#cache';
import { HlsError, HlsErrorCode } from '#hls';
import { TorrentError, TorrentErrorCode } from '#torrent';

export interface MappedError {
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

const TORRENT_STATUS: Record<TorrentErrorCode, number> = {
  [TorrentErrorCode.InvalidInfoHash]: HttpStatus.BAD_REQUEST,
  [TorrentErrorCode.InvalidMagnet]: HttpStatus.BAD_REQUEST,
  [TorrentErrorCode.InvalidTorrentFile]: HttpStatus.BAD_REQUEST,
  [TorrentErrorCode.MetadataTimeout]: HttpStatus.GATEWAY_TIMEOUT,
  [TorrentErrorCode.FileNotFound]: HttpStatus.NOT_FOUND,
  [TorrentErrorCode.TorrentNotFound]: HttpStatus.NOT_FOUND,
  [TorrentErrorCode.ShuttingDown]: HttpStatus.SERVICE_UNAVAILABLE,
};

const CACHE_STATUS: Record<CacheErrorCode, number> = {
  [CacheErrorCode.CacheFull]: HttpStatus.SERVICE_UNAVAILABLE,
  [CacheErrorCode.DiskFull]: HttpStatus.INSUFFICIENT_STORAGE,
};

const HLS_STATUS: Record<HlsErrorCode, number> = {
  [HlsErrorCode.NotMedia]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [HlsErrorCode.Unprobeable]: HttpStatus.UNPROCESSABLE_ENTITY,
  [HlsErrorCode.SegmentNotFound]: HttpStatus.NOT_FOUND,
  [HlsErrorCode.TooManyProcesses]: HttpStatus.SERVICE_UNAVAILABLE,
  [HlsErrorCode.FfmpegFailed]: HttpStatus.BAD_GATEWAY,
  [HlsErrorCode.TrackNotFound]: HttpStatus.NOT_FOUND,
  [HlsErrorCode.SubtitleNotConvertible]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [HlsErrorCode.BadSubtitle]: HttpStatus.UNPROCESSABLE_ENTITY,
  [HlsErrorCode.SubtitleTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
};

/** Maps the libs' domain errors to HTTP; undefined for anything that is not one. */
export function mapDomainError(error: unknown): MappedError | undefined {
  if (error instanceof TorrentError) {
    return { status: TORRENT_STATUS[error.code], message: error.message };
  }
  if (error instanceof HlsError) {
    return { status: HLS_STATUS[error.code], message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof CacheError) {
    return { status: CACHE_STATUS[error.code], message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
  return undefined;
}
