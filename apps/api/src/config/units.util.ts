import bytes from 'bytes';
import ms from 'ms';

const DURATION = /^\s*\d+(\.\d+)?\s*(ms|s|m|h|d)?\s*$/i;
const SIZE = /^\s*\d+(\.\d+)?\s*(b|kb|mb|gb|tb|pb)?\s*$/i;

/**
 * `30s`, `10m`, `1h`, `250ms`; a bare number means seconds, as in the seed's config.
 * Returns milliseconds, or NaN when the text is not a duration.
 */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : NaN;
  if (typeof value !== 'string' || !DURATION.test(value)) return NaN;
  const text = value.trim();
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : ms(text as ms.StringValue);
}

/** `512MB`, `20GB`, `1.5KB` (binary multiples); a bare number means bytes. NaN when invalid. */
export function parseSize(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string' || !SIZE.test(value)) return NaN;
  return bytes.parse(value.trim()) ?? NaN;
}

/** YAML booleans arrive typed; env vars arrive as text. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return undefined;
}

/** A YAML list, or a comma-separated env var. */
export function parseList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String).map((item) => item.trim()).filter(Boolean);
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Integers from YAML numbers or env text; NaN when not an integer. */
export function parseInteger(value: unknown): number {
  if (typeof value === 'number') return Number.isInteger(value) ? value : NaN;
  if (typeof value !== 'string' || !/^\s*-?\d+\s*$/.test(value)) return NaN;
  return Number(value);
}
