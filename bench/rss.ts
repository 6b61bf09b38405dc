import { readFileSync } from 'node:fs';

/** VmRSS of a process in bytes, or undefined once it is gone. Linux only (/proc). */
export function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined
 * once it is gone. Comparing two readings gives what a measure cost the process.
 */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name, which may itself contain spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return ticks / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

export interface RssSample {
  /** ms since the sampler started */
  atMs: number;
  bytes: number;
}

export interface RssSampler {
  samples: RssSample[];
  /** Marks a moment (e.g. "stream done") to slice the samples by later. */
  mark: (name: string) => void;
  marks: Record<string, number>;
  stop: () => RssSample[];
}

/**
 * Reads VmRSS every `intervalMs`. A timer in the bench process (not in the measured one),
 * so sampling costs the measured process nothing.
 */
export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  const started = performance.now();
  const samples: RssSample[] = [];
  const marks: Record<string, number> = {};
  const take = () => {
    const bytes = rssOf(pid);
    if (bytes !== undefined) samples.push({ atMs: performance.now() - started, bytes });
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    samples,
    marks,
    mark: (name) => {
      take();
      marks[name] = performance.now() - started;
    },
    stop: () => {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}
