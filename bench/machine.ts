import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Stamp {
  date: string;
  commit: string;
  /** tracked files differ from the commit (the numbers may not be the commit's) */
  dirty: boolean;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
  };
}

export function stamp(): Stamp {
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    // --no-optional-locks: read-only, never refreshes the index behind others' backs
    dirty: git(['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no']) !== '',
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      os: `${os.type()} ${os.release()}`,
      node: process.version,
    },
  };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}
