import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

const STOP_GRACE_MS = 5_000;
const TAIL_CHARS = 4_000;

/**
 * Every child the bench starts (servers, peers, seeders, the tracker) registers its stop
 * here, so a measure that throws, a Ctrl-C or a crash of the bench never leaves one behind.
 */
const cleanups = new Set<() => Promise<void>>();
const livePids = new Set<number>();

export function onCleanup(stop: () => Promise<void>): () => void {
  cleanups.add(stop);
  return () => cleanups.delete(stop);
}

/** Stops everything still registered, newest first (servers before the seeders they use). */
export async function cleanupAll(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const stop of pending) {
    try {
      await stop();
    } catch (err) {
      process.stderr.write(`bench: cleanup failed: ${(err as Error).message}\n`);
    }
  }
}

let handlersInstalled = false;

/** SIGINT/SIGTERM stop the children first; a hard exit still SIGKILLs the ones we spawned. */
export function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping child processes…\n`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
  // 'exit' handlers cannot wait: whatever is left gets SIGKILL (by pid, only our own children).
  process.on('exit', () => {
    for (const pid of livePids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export interface ManagedChild {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few KB of stdout+stderr, for error messages. */
  outputTail(): string;
  /** Called with each complete line of stdout and stderr. */
  onLine(listener: (line: string) => void): void;
  /** `signal` (SIGTERM by default), then SIGKILL after 5 s. Idempotent. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function spawnManaged(command: string, args: string[], options: SpawnOptions): ManagedChild {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  livePids.add(pid);
  let tail = '';
  const listeners: ((line: string) => void)[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (text: string) => {
      tail = (tail + text).slice(-TAIL_CHARS);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) for (const listener of listeners) listener(line);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      livePids.delete(pid);
      resolve({ code, signal });
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const unregister = onCleanup(() => stop());
  void exited.then(unregister);
  return {
    child,
    pid,
    exited,
    outputTail: () => tail,
    onLine: (listener) => listeners.push(listener),
    stop,
  };
}

/** A TCP port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
