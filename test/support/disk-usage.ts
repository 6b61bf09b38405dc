import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes allocated under `dir` (blocks, not apparent size: torrent files are sparse). */
export async function allocatedBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await allocatedBytes(path);
    else if (entry.isFile()) total += await stat(path).then((s) => s.blocks * 512, () => 0);
  }
  return total;
}

/** Samples `measure` every `everyMs` until stopped; returns the samples. */
export function sampleEvery<T>(everyMs: number, measure: () => Promise<T>): { stop(): Promise<T[]> } {
  const samples: T[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await measure());
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}
