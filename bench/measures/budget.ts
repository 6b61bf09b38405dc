import type { Seeder } from '../../test/helpers/seeder.ts';
import { samplePeakDisk } from '../disk.ts';
import { MB, MiB, type SourceFile } from '../fixtures.ts';
import { timedGet } from '../http.ts';
import { startServer } from '../server-process.ts';
import { summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput } from '../types.ts';

const BUDGET = 64 * MiB;

interface Run {
  throughputMBs: number;
  peakDiskMiB: number;
  samples: number;
  sha1Ok: boolean;
}

/**
 * Measure 7: the 400 MB file streamed whole through a 64 MiB disk budget (piece eviction),
 * sha1-checked, the data dir's allocated bytes sampled every 50 ms. A piece holds its room
 * until a re-measure that started after it landed, so pieces alone should not pass the
 * budget; the target leaves one piece for what the budget does not count (directories,
 * file-system metadata).
 */
export async function measureBudgetStream(ctx: BenchContext, seeder: Seeder, source: SourceFile, pieceLength: number): Promise<MeasureOutput> {
  const runs: Run[] = [];
  for (let rep = 0; rep < ctx.config.budgetReps; rep++) {
    const server = await startServer({ trackers: [ctx.tracker.announceUrl], env: { MAX_DISK_USAGE: String(BUDGET) }, cpuProfDir: ctx.config.cpuProfDir });
    try {
      const files = await server.addMagnet(seeder.magnetURI);
      const sampler = samplePeakDisk(server.dataDir);
      const response = await timedGet(files[0].streamUrl, { sha1: true, timeoutMs: 600_000 });
      const disk = await sampler.stop();
      server.assertLoopbackOnly();
      runs.push({
        throughputMBs: response.bytes / MB / ((response.endAt - response.startedAt) / 1000),
        peakDiskMiB: disk.peak / MiB,
        samples: disk.samples,
        sha1Ok: response.bytes === source.size && response.sha1 === source.sha1,
      });
    } finally {
      await server.stop();
    }
    const run = runs.at(-1)!;
    ctx.log(`  budget rep ${rep + 1}: ${run.throughputMBs.toFixed(0)} MB/s, peak disk ${run.peakDiskMiB.toFixed(1)} MiB of ${BUDGET / MiB} MiB (${run.samples} samples)${run.sha1Ok ? '' : ' SHA1 MISMATCH'}`);
  }
  const bad = runs.filter((r) => !r.sha1Ok).length;
  const peak = summarize(runs.map((r) => r.peakDiskMiB));
  const bound = (BUDGET + pieceLength) / MiB;
  return {
    metrics: [
      {
        key: 'budget_stream_throughput_MBps',
        measure: 7,
        label: `${Math.round(source.size / MB)} MB streamed whole through a ${BUDGET / MiB} MiB disk budget (sha1 ${bad ? 'MISMATCH' : 'ok'})`,
        unit: 'MB/s',
        better: 'higher',
        digits: 0,
        us: summarize(runs.map((r) => r.throughputMBs)),
        note: bad ? `sha1 mismatch in ${bad} run(s)` : undefined,
        samples: { us: runs.map((r) => r.throughputMBs) },
      },
      {
        key: 'budget_stream_peak_disk_MiB',
        measure: 7,
        label: `Peak disk while streaming it, sampled every 50 ms (budget ${BUDGET / MiB} MiB)`,
        unit: 'MiB',
        better: 'lower',
        digits: 1,
        us: peak,
        target: { text: `≤ ${bound.toFixed(0)} MiB (budget + 1 piece)`, met: peak.max <= bound },
        samples: { us: runs.map((r) => r.peakDiskMiB) },
      },
    ],
    details: { budgetRuns: runs },
  };
}
