export interface WindowRequest {
  size: number;
  from?: number;
  seconds?: number;
  /** Media duration in seconds; needed with `seconds`. */
  durationSeconds?: number;
  bytes: number;
  /** Upper bound from the disk budget (undefined: no budget). */
  maxBytes?: number;
}

export type PreloadWindow = { ok: true; from: number; to: number } | { ok: false; reason: string };

/**
 * The byte window of a preload. A media time maps to bytes by the average bitrate:
 * players resume at a keyframe near there, and the window's length covers the error.
 * A start at or past the end is refused (the caller answers 416).
 */
export function preloadWindow(request: WindowRequest): PreloadWindow {
  const { size, seconds, durationSeconds } = request;
  let from = request.from ?? 0;
  if (seconds !== undefined) {
    if (!durationSeconds || durationSeconds <= 0) return { ok: false, reason: 'the file has no known duration' };
    if (seconds >= durationSeconds) {
      return { ok: false, reason: `${seconds} s is past the end of the ${durationSeconds} s file` };
    }
    from = Math.floor((size * seconds) / durationSeconds);
  }
  if (from >= size) return { ok: false, reason: `byte ${from} is past the end of the ${size}-byte file` };
  const bytes = Math.min(request.bytes, size - from, request.maxBytes ?? Infinity);
  return { ok: true, from, to: from + Math.max(1, bytes) - 1 };
}
