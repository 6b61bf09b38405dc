/** Parses a media playlist into its segment durations and URIs, in order. */
export function parseMediaPlaylist(text: string): { durations: number[]; uris: string[] } {
  const durations: number[] = [];
  const uris: string[] = [];
  const lines = text.split('\n').map((line) => line.trim());
  for (let i = 0; i < lines.length; i++) {
    const extinf = /^#EXTINF:([\d.]+),/.exec(lines[i]);
    if (extinf) {
      durations.push(Number(extinf[1]));
      uris.push(lines[i + 1]);
    }
  }
  return { durations, uris };
}

export const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
