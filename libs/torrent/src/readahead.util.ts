const MiB = 1024 * 1024;

/** What `readahead` and the disk budget allow; sizes in bytes, time in seconds. */
export interface ReadaheadLimits {
  /** Seconds of media a reader keeps selected ahead of its position (`readahead`, default 30 s). */
  seconds: number;
  minBytes: number;
  maxBytes: number;
  /** A new reader's window starts at two pieces and grows as it is read (rampedWindowBytes); else it is full at once. */
  ramp: boolean;
}

export const DEFAULT_READAHEAD: ReadaheadLimits = { seconds: 30, minBytes: 8 * MiB, maxBytes: 256 * MiB, ramp: true };

/**
 * Assumed when nothing tells the bitrate: 8 Mbit/s, a typical 1080p H.264 web release.
 * 30 s of it is 30 MB, which also covers a 4K remux at 60+ Mbit/s for about 4 s.
 */
export const UNKNOWN_BYTES_PER_SECOND = 1_000_000;

/**
 * Bytes a reader keeps selected ahead of its position: `seconds` of media at the file's
 * bitrate (from a probe's duration, or size ÷ duration), or at UNKNOWN_BYTES_PER_SECOND,
 * clamped to [minBytes, maxBytes]. With a disk budget, every reader's window plus as much
 * again for what the readers left behind must fit in it, so one window never takes more
 * than budget ÷ (2 × readers); a window is still at least two pieces, so the next piece
 * is always on its way while one is read.
 */
export function readaheadBytes(
  limits: ReadaheadLimits,
  pieceLength: number,
  bytesPerSecond?: number,
  budget?: { limitBytes: number; readers: number },
): number {
  const rate = bytesPerSecond !== undefined && bytesPerSecond > 0 ? bytesPerSecond : UNKNOWN_BYTES_PER_SECOND;
  let bytes = Math.min(limits.maxBytes, Math.max(limits.minBytes, Math.round(limits.seconds * rate)));
  if (budget && budget.limitBytes > 0) {
    bytes = Math.min(bytes, Math.floor(budget.limitBytes / (2 * Math.max(1, budget.readers))));
  }
  return Math.max(bytes, 2 * pieceLength);
}

/**
 * The window of a reader that has handed `consumedBytes` to its client since it opened:
 * two pieces plus twice what it consumed, up to `fullBytes`. Most readers that open are
 * gone within a read: a browser's or VLC's probing range request, ffmpeg reading a header,
 * an index or one subtitle window, a player seeking on. A full window behind each of them
 * keeps downloading after it closed (the blocks already requested) and competes with the
 * reader that stays. One that keeps reading doubles its window with every window's worth
 * it consumes, so a player reaches the full window within its first seconds; a reader held
 * back by its client (backpressure) consumes nothing, so its window stays as it is.
 */
export function rampedWindowBytes(fullBytes: number, consumedBytes: number, pieceLength: number): number {
  const floor = 2 * pieceLength;
  return Math.max(floor, Math.min(fullBytes, floor + 2 * Math.max(0, consumedBytes)));
}

/** Pieces covering `bytes` starting at a piece boundary; at least 2. */
export function windowPieces(bytes: number, pieceLength: number): number {
  return Math.max(2, Math.ceil(bytes / pieceLength));
}

/** Average bytes per second of a file that plays for `durationSeconds`, or undefined if unknown. */
export function bitrateOf(sizeBytes: number, durationSeconds: number | undefined): number | undefined {
  if (!durationSeconds || !Number.isFinite(durationSeconds) || durationSeconds <= 0) return undefined;
  return sizeBytes / durationSeconds;
}
