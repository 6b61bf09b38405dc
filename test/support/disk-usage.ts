import { DiskUsageProbe } from '#cache';

/** Bytes allocated under `dir` (blocks, not apparent size: torrent files are sparse), measured as the budget does. */
export function allocatedBytes(dir: string): Promise<number> {
  return new DiskUsageProbe().allocatedBytes(dir);
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
