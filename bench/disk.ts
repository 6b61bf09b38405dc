import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes allocated under `dir` (blocks, not apparent sizes: torrent files are sparse), as `du` and the disk budget count. */
export async function allocatedBytes(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await allocatedBytes(path);
    else if (entry.isFile()) total += await lstat(path).then((s) => s.blocks * 512, () => 0);
  }
  return total;
}

/** Samples `dir`'s allocated bytes every `everyMs` until stopped; returns the peak. */
export function samplePeakDisk(dir: string, everyMs = 50): { stop(): Promise<{ peak: number; samples: number }> } {
  let running = true;
  let peak = 0;
  let samples = 0;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await allocatedBytes(dir));
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { peak, samples };
    },
  };
}

/** Bytes the server received from peers since it started (`/metrics`, downloaded_bytes_total). */
export async function downloadedBytes(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => /downloaded_bytes_total(\{[^}]*\})? /.test(l) && !l.startsWith('#'));
  if (!line) throw new Error('no downloaded_bytes_total in /metrics');
  return Number(line.trim().split(/\s+/).at(-1));
}
