import { Injectable } from '@nestjs/common';
import { lstat, opendir, statfs } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** lstat calls in flight per directory: enough to hide latency, few enough to spare fds. */
const STAT_BATCH = 64;

/** The file system side of the disk budget, kept apart so tests can swap it. */
@Injectable()
export class DiskUsageProbe {
  /**
   * Bytes actually allocated to files under `dir` (0 if it does not exist). Torrent stores
   * are sparse files created at full length, so their apparent size overstates usage by
   * whatever is not downloaded yet; allocated blocks are what fills the disk. Symlinks are
   * not followed, and files vanishing mid-walk (evictions, ffmpeg temp files) are skipped.
   */
  async allocatedBytes(dir: string): Promise<number> {
    let total = 0;
    const pending = [dir];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      const files: string[] = [];
      try {
        for await (const entry of await opendir(current)) {
          const path = join(current, entry.name);
          if (entry.isDirectory()) pending.push(path);
          else if (entry.isFile()) files.push(path);
        }
      } catch (error) {
        if (isGone(error)) continue;
        throw error;
      }
      for (let i = 0; i < files.length; i += STAT_BATCH) {
        const sizes = await Promise.all(files.slice(i, i + STAT_BATCH).map((file) => allocatedSize(file)));
        for (const size of sizes) total += size;
      }
    }
    return total;
  }

  /**
   * Bytes an unprivileged process may still write on the file system holding `dir`
   * (`bavail`: root-reserved blocks excluded). The data dir may not exist before the first
   * torrent is added, so the nearest existing ancestor stands in for it.
   */
  async freeBytes(dir: string): Promise<number> {
    let path = resolve(dir);
    for (;;) {
      try {
        const stats = await statfs(path);
        return stats.bavail * stats.bsize;
      } catch (error) {
        const parent = dirname(path);
        if (!isGone(error) || parent === path) throw error;
        path = parent;
      }
    }
  }
}

async function allocatedSize(file: string): Promise<number> {
  try {
    const stats = await lstat(file);
    // Windows reports no block counts; the apparent size is the best it offers there
    return process.platform === 'win32' ? stats.size : stats.blocks * 512;
  } catch (error) {
    if (isGone(error)) return 0;
    throw error;
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
