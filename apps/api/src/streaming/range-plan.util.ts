import parseRange from 'range-parser';

export interface RangeRequest {
  size: number;
  /** The Range header, if any. */
  range?: string;
  /** The If-Range header, if any. */
  ifRange?: string;
  /** Our strong ETag for this file, quotes included. */
  etag: string;
}

export type RangePlan =
  | { status: 200; start: number; end: number; length: number }
  | { status: 206; start: number; end: number; length: number; contentRange: string }
  | { status: 416; contentRange: string };

/**
 * RFC 9110 range handling for one immutable file. A single satisfiable range gives
 * 206; no Range, a multi-range, a malformed header or a stale If-Range gives the whole
 * file (200), since players recover from that but not from an error.
 */
export function planRange({ size, range, ifRange, etag }: RangeRequest): RangePlan {
  const whole = { status: 200 as const, start: 0, end: size - 1, length: size };
  if (!range) return whole;
  // If-Range with a date or another validator means "the copy I have is stale": send it all.
  if (ifRange !== undefined && ifRange.trim() !== etag) return whole;
  if (hasInvertedRange(range)) return whole;
  const parsed = parseRange(size, clampSuffix(range, size), { combine: true });
  if (parsed === -2) return whole;
  if (parsed === -1) return { status: 416, contentRange: `bytes */${size}` };
  if (parsed.type !== 'bytes' || parsed.length !== 1) return whole;
  const [{ start, end }] = parsed;
  return {
    status: 206,
    start,
    end,
    length: end - start + 1,
    contentRange: `bytes ${start}-${end}/${size}`,
  };
}

/** RFC 9110 §14.1.1: a range whose last byte is before its first makes the header invalid. */
function hasInvertedRange(range: string): boolean {
  return /^bytes=/i.test(range) && [...range.matchAll(/(\d+)\s*-\s*(\d+)/g)].some(([, a, b]) => Number(b) < Number(a));
}

/** A suffix longer than the file means the whole file (range-parser calls it unsatisfiable). */
function clampSuffix(range: string, size: number): string {
  const suffix = /^bytes=\s*-\s*(\d+)\s*$/i.exec(range);
  if (!suffix || size === 0 || Number(suffix[1]) <= size) return range;
  return `bytes=-${size}`;
}
