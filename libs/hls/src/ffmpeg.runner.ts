import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** Last few KB of stderr: with `-loglevel error` the reason is at the end. */
  stderrTail: string;
  /** True when we killed it (abort, timeout, shutdown, superseded): not a failure of ffmpeg. */
  killed: boolean;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called per complete stdout line; stdout is then not collected. */
  onStdoutLine?: (line: string) => void;
  /** How much of stderr's end to keep; default 4 KB. */
  stderrBytes?: number;
}

export interface RunningProcess {
  readonly pid: number | undefined;
  readonly done: Promise<ProcessResult>;
  /** SIGKILL: a gentler signal lets ffmpeg close the current segment and report a partial one. */
  kill(): void;
  /** SIGINT: ffmpeg stops reading, finishes its outputs (trailers written) and exits. */
  interrupt(): void;
  /** SIGSTOP / SIGCONT: holds a run that got too far ahead without losing its place. */
  pause(): void;
  resume(): void;
}

const STDERR_TAIL_BYTES = 4096;
const MAX_STDOUT_BYTES = 4 * 1024 * 1024;

/** The one place that spawns ffmpeg/ffprobe; every child dies with the app or its abort signal. */
@Injectable()
export class FfmpegRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(FfmpegRunner.name);
  private readonly children = new Set<ChildProcess>();

  run(binary: string, args: string[], options: RunOptions = {}): RunningProcess {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    let killed = false;
    const kill = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const onAbort = () => kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) kill();
    const timer = options.timeoutMs ? setTimeout(kill, options.timeoutMs) : undefined;

    let stdout = '';
    let pending = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (!options.onStdoutLine) {
        if (stdout.length < MAX_STDOUT_BYTES) stdout += chunk;
        return;
      }
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) options.onStdoutLine(line.trim());
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-(options.stderrBytes ?? STDERR_TAIL_BYTES));
    });

    const done = new Promise<ProcessResult>((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.children.delete(child);
        if (pending.trim() && options.onStdoutLine) options.onStdoutLine(pending.trim());
        resolve({ code, signal, stdout, stderrTail: stderr.trim(), killed });
      };
      child.once('error', (error) => {
        stderr += `\n${error.message}`;
        finish(null, null);
      });
      child.once('close', finish);
    });

    return {
      pid: child.pid,
      done,
      kill,
      interrupt: () => child.exitCode === null && child.kill('SIGINT'),
      pause: () => child.exitCode === null && child.kill('SIGSTOP'),
      resume: () => child.exitCode === null && child.kill('SIGCONT'),
    };
  }

  /** Run to completion and collect stdout (probes, version checks). */
  exec(binary: string, args: string[], options: Omit<RunOptions, 'onStdoutLine'> = {}): Promise<ProcessResult> {
    return this.run(binary, args, options).done;
  }

  /** Children alive right now, probes included. */
  count(): number {
    return this.children.size;
  }

  onApplicationShutdown(): void {
    if (this.children.size > 0) this.logger.log(`Killing ${this.children.size} ffmpeg process(es)`);
    for (const child of this.children) child.kill('SIGKILL');
  }
}
