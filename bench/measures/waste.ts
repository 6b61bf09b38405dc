import { setTimeout as sleep } from 'node:timers/promises';
import type { Seeder } from '../../test/helpers/seeder.ts';
import { downloadedBytes } from '../disk.ts';
import { MiB, type SourceFile } from '../fixtures.ts';
import { startServer } from '../server-process.ts';
import { summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput } from '../types.ts';

const SEEKS = 10;
/** What a player reads after a seek before the viewer seeks again: ~4 s of a 8 Mbit/s film. */
const READ_PER_SEEK = 4 * MiB;
/** The viewer watches that long before the next seek; downloads go on meanwhile. */
const WATCH_MS = 1_000;
/** The old behaviour, a reader selecting the rest of the file at once: the largest window (256 MiB) covers most of it, unramped. */
const NO_WINDOW = { READAHEAD: '100000h', READAHEAD_RAMP: 'false' };

type Mode = 'window' | 'no-window';

interface Session {
  mode: Mode;
  downloaded: number;
  served: number;
  waste: number;
}

/**
 * Measure 8: bytes downloaded against bytes served in a session of 10 random seeks (each
 * reads 4 MiB and stays open unread, as a browser's media element leaves it, then the
 * viewer watches a second and seeks elsewhere), with the default
 * read-ahead window and with a `readahead` so large that it emulates the old behaviour of
 * selecting from the offset to the end of the file. Same seek positions for both.
 */
export async function measureSeekWaste(ctx: BenchContext, seeder: Seeder, source: SourceFile): Promise<MeasureOutput> {
  const sessions: Session[] = [];
  for (let rep = 0; rep < ctx.config.wasteReps; rep++) {
    const offsets = Array.from({ length: SEEKS }, (_, i) => Math.floor(fraction(rep * SEEKS + i) * (source.size - READ_PER_SEEK)));
    for (const mode of ['window', 'no-window'] as const) sessions.push(await session(ctx, seeder, mode, offsets));
    const [a, b] = sessions.slice(-2);
    ctx.log(`  waste rep ${rep + 1}: window ${a.waste.toFixed(1)}× (${(a.downloaded / MiB).toFixed(0)} MiB), no window ${b.waste.toFixed(1)}× (${(b.downloaded / MiB).toFixed(0)} MiB)`);
  }
  const of = (mode: Mode) => sessions.filter((s) => s.mode === mode).map((s) => s.waste);
  const window = summarize(of('window'));
  const none = summarize(of('no-window'));
  return {
    metrics: [
      {
        key: 'seek_waste_window_ratio',
        measure: 8,
        label: `Downloaded ÷ served, ${SEEKS} random seeks reading ${READ_PER_SEEK / MiB} MiB each, read-ahead window (default)`,
        unit: '×',
        better: 'lower',
        digits: 1,
        us: window,
        samples: { us: of('window') },
      },
      {
        key: 'seek_waste_no_window_ratio',
        measure: 8,
        label: 'The same session without a window (readahead so large it selects the rest of the file, as before)',
        unit: '×',
        better: 'lower',
        digits: 1,
        us: none,
        target: { text: 'window < no window', met: window.median < none.median },
        samples: { us: of('no-window') },
      },
    ],
    details: { wasteSessions: sessions },
  };
}

async function session(ctx: BenchContext, seeder: Seeder, mode: Mode, offsets: number[]): Promise<Session> {
  const env: Record<string, string> = mode === 'no-window' ? NO_WINDOW : {};
  const server = await startServer({ trackers: [ctx.tracker.announceUrl], env, cpuProfDir: ctx.config.cpuProfDir });
  try {
    const files = await server.addMagnet(seeder.magnetURI);
    let served = 0;
    const open: (() => Promise<void>)[] = [];
    try {
      for (const offset of offsets) {
        const seek = await readThenPause(files[0].streamUrl, offset, READ_PER_SEEK);
        served += seek.read;
        open.push(() => seek.close());
        await sleep(WATCH_MS);
      }
      // what the readers still open bring in after the viewer stopped counts too
      await sleep(2_000);
      const downloaded = await downloadedBytes(server.baseUrl);
      server.assertLoopbackOnly();
      return { mode, downloaded, served, waste: downloaded / served };
    } finally {
      for (const close of open) await close();
    }
  } finally {
    await server.stop();
  }
}

/**
 * As a browser's media element does on a seek: an open-ended range from `offset`, read
 * until `bytes` came, then left open and unread (it is dropped later, or never) while the
 * next range is asked for.
 */
async function readThenPause(url: string, offset: number, bytes: number): Promise<{ read: number; close(): Promise<void> }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { range: `bytes=${offset}-` }, signal: controller.signal });
  if (response.status !== 206) throw new Error(`seek answered ${response.status}`);
  const reader = response.body!.getReader();
  let read = 0;
  while (read < bytes) {
    const { value, done } = await reader.read();
    if (done) break;
    read += value.length;
  }
  return {
    read,
    async close() {
      controller.abort();
      await reader.read().catch(() => undefined);
    },
  };
}

/** A fixed, evenly spread sequence in [0, 1) (golden ratio), so both modes seek to the same places. */
function fraction(i: number): number {
  return ((i + 1) * 0.6180339887498949) % 1;
}
