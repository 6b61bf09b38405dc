import type { Seeder } from '../../test/helpers/seeder.ts';
import { timedGet } from '../http.ts';
import { startServer, type AddedFile } from '../server-process.ts';
import { summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput } from '../types.ts';

type Start = 'next' | 'cold';

interface Run {
  start: Start;
  firstByteMs: number;
}

/**
 * Measure 9: the first byte of episode 2, asked for right after episode 1 was streamed to
 * its end (next-episode prefetch had its head and tail fetched meanwhile), against episode
 * 2 asked for cold, right after the add. Each run is a new server.
 */
export async function measureNextEpisode(ctx: BenchContext, seeder: Seeder): Promise<MeasureOutput> {
  const runs: Run[] = [];
  for (let rep = 0; rep < ctx.config.nextEpisodeReps; rep++) {
    for (const start of ['next', 'cold'] as const) runs.push(await run(ctx, seeder, start));
    ctx.log(`  next-episode rep ${rep + 1}: ${runs.slice(-2).map((r) => `${r.start} ${r.firstByteMs.toFixed(0)} ms`).join(', ')}`);
  }
  const of = (start: Start) => runs.filter((r) => r.start === start).map((r) => r.firstByteMs);
  const next = summarize(of('next'));
  const cold = summarize(of('cold'));
  return {
    metrics: [
      {
        key: 'next_episode_first_byte_ms',
        measure: 9,
        label: 'Episode 2 → first byte, asked for right after episode 1 streamed to its end',
        unit: 'ms',
        better: 'lower',
        digits: 0,
        us: next,
        target: { text: '< cold episode', met: next.median < cold.median },
        samples: { us: of('next') },
      },
      {
        key: 'cold_episode_first_byte_ms',
        measure: 9,
        label: 'Episode 2 → first byte, cold (right after the add)',
        unit: 'ms',
        better: 'lower',
        digits: 0,
        us: cold,
        samples: { us: of('cold') },
      },
    ],
    details: { nextEpisodeRuns: runs },
  };
}

async function run(ctx: BenchContext, seeder: Seeder, start: Start): Promise<Run> {
  const server = await startServer({ trackers: [ctx.tracker.announceUrl], cpuProfDir: ctx.config.cpuProfDir });
  try {
    const files = await server.addMagnet(seeder.magnetURI);
    const episode = (n: number): AddedFile => {
      const file = files.find((f) => f.name.endsWith(`E0${n}.mkv`));
      if (!file) throw new Error(`no episode ${n} in ${files.map((f) => f.name).join(', ')}`);
      return file;
    };
    if (start === 'next') {
      const watched = await timedGet(episode(1).streamUrl, { timeoutMs: 300_000 });
      if (watched.status !== 200) throw new Error(`episode 1 answered ${watched.status}`);
    }
    const response = await timedGet(episode(2).streamUrl, { range: 'bytes=0-', firstByteOnly: true, timeoutMs: 60_000 });
    if (response.status !== 206) throw new Error(`episode 2 answered ${response.status}`);
    server.assertLoopbackOnly();
    return { start, firstByteMs: response.firstByteAt - response.startedAt };
  } finally {
    await server.stop();
  }
}
