const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB": binary multiples, one decimal under 10. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatPercent(progress: number): string {
  return `${Math.floor(progress * 1000) / 10}%`;
}

/** A magnet link, or a bare info hash (40 hex or 32 base32 characters). */
export function parseSource(text: string): { magnet: string } | { infoHash: string } | undefined {
  const value = text.trim();
  if (/^magnet:\?/i.test(value)) return { magnet: value };
  if (/^[0-9a-f]{40}$/i.test(value) || /^[a-z2-7]{32}$/i.test(value)) return { infoHash: value };
  return undefined;
}
