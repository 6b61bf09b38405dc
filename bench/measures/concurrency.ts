import http from 'node:http';
import type { Seeder } from '../../test/helpers/seeder.ts';
import { MB, MiB, type SourceFile } from '../fixtures.ts';
import { timedGet } from '../http.ts';
import { epochMs } from '../processes.ts';
import { startServer, type AddedFile } from '../server-process.ts';
import { distribution, summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput } from '../types.ts';
import { readSlice } from './seek.ts';

const MIN_RANGE = 256 * 1024;
const MAX_RANGE = 4 * MiB;
/** Every Nth response is kept whole and compared byte for byte with the source. */
const VERIFY_EVERY = 4;
const REQUEST_TIMEOUT_MS = 30_000;
/** Requests started this long after the clients did are "warm": most pieces are on disk by then. */
const WARM_AFTER_MS = 5_000;

export interface Swarmed {
  seeder: Seeder;
  source: SourceFile;
}

interface RunResult {
  requests: number;
  errors: number;
  errorSamples: string[];
  verified: number;
  mismatches: number;
  firstByteMs: number[];
  /** first byte of the requests started after WARM_AFTER_MS */
  warmFirstByteMs: number[];
  bytes: number;
  seconds: number;
}

/**
 * Measure 4: `clients` loops, each sending one random range request after another
 * (random torrent of 4, random length 256 KiB–4 MiB, random offset) for a fixed time,
 * against one cold server holding all 4 torrents. Only our server: the peer CLI serves a
 * single torrent. Errors are failed requests, wrong statuses or lengths, and byte
 * mismatches in the sampled responses.
 */
export async function measureConcurrency(ctx: BenchContext, torrents: Swarmed[]): Promise<MeasureOutput> {
  const runs: RunResult[] = [];
  for (let rep = 0; rep < ctx.config.concurrencyReps; rep++) {
    const run = await oneRun(ctx, torrents);
    runs.push(run);
    const ttfb = distribution(run.firstByteMs);
    ctx.log(
      `  concurrency rep ${rep + 1}: ${run.requests} requests, ${run.errors} errors, ` +
        `${run.verified} verified (${run.mismatches} mismatches), p50 ${ttfb.p50.toFixed(0)} ms, ` +
        `p99 ${ttfb.p99.toFixed(0)} ms (after ${WARM_AFTER_MS / 1000} s: ${distribution(run.warmFirstByteMs).p99.toFixed(0)} ms), ` +
        `${(run.bytes / MB / run.seconds).toFixed(0)} MB/s`,
    );
  }
  const errors = runs.map((r) => r.errors + r.mismatches);
  const all = distribution(runs.flatMap((r) => r.firstByteMs));
  const p50s = runs.map((r) => distribution(r.firstByteMs).p50);
  const p99s = runs.map((r) => distribution(r.firstByteMs).p99);
  const warmP99s = runs.filter((r) => r.warmFirstByteMs.length > 0).map((r) => distribution(r.warmFirstByteMs).p99);
  const rates = runs.map((r) => r.bytes / MB / r.seconds);
  const clients = ctx.config.concurrencyClients;
  const label = `${clients} clients × ${ctx.config.concurrencySeconds} s, 4 torrents`;
  const totalErrors = errors.reduce((a, b) => a + b, 0);
  const p99 = summarize(p99s);
  return {
    metrics: [
      {
        key: 'concurrency_errors',
        measure: 4,
        label: `${label}: errors (of ${runs.reduce((a, r) => a + r.requests, 0)} requests)`,
        unit: '',
        better: 'lower',
        noRatio: true,
        digits: 0,
        us: summarize(errors),
        target: { text: '0', met: totalErrors === 0 },
        note: runs.flatMap((r) => r.errorSamples).slice(0, 3).join('; ') || undefined,
        samples: { us: errors },
      },
      {
        key: 'concurrency_first_byte_p50_ms',
        measure: 4,
        label: `${label}: first byte p50`,
        unit: 'ms',
        better: 'lower',
        digits: 0,
        us: summarize(p50s),
        samples: { us: p50s },
      },
      {
        key: 'concurrency_first_byte_p99_ms',
        measure: 4,
        label: `${label}: first byte p99`,
        unit: 'ms',
        better: 'lower',
        digits: 0,
        us: p99,
        target: { text: '≤ 300 ms', met: p99.median <= 300 },
        samples: { us: p99s },
      },
      {
        key: 'concurrency_first_byte_p99_warm_ms',
        measure: 4,
        label: `${label}: first byte p99 of requests started after the first ${WARM_AFTER_MS / 1000} s`,
        unit: 'ms',
        better: 'lower',
        digits: 0,
        us: warmP99s.length ? summarize(warmP99s) : undefined,
        samples: { us: warmP99s },
      },
      {
        key: 'concurrency_aggregate_MBps',
        measure: 4,
        label: `${label}: aggregate`,
        unit: 'MB/s',
        better: 'higher',
        digits: 0,
        us: summarize(rates),
        samples: { us: rates },
      },
    ],
    details: {
      allRequestsFirstByteMs: all,
      runs: runs.map(({ firstByteMs, warmFirstByteMs, ...rest }) => ({
        ...rest,
        firstByteMs: distribution(firstByteMs),
        warmFirstByteMs: distribution(warmFirstByteMs),
      })),
    },
  };
}

async function oneRun(ctx: BenchContext, torrents: Swarmed[]): Promise<RunResult> {
  const server = await startServer({ trackers: [ctx.tracker.announceUrl], cpuProfDir: ctx.config.cpuProfDir });
  // keep-alive, one socket per client loop, as 32 players would hold
  const agent = new http.Agent({ keepAlive: true, maxSockets: ctx.config.concurrencyClients });
  try {
    const targets: { file: AddedFile; source: SourceFile }[] = [];
    // added together: the clients start once every torrent has its metadata
    const added = await Promise.all(torrents.map((t) => server.addMagnet(t.seeder.magnetURI)));
    added.forEach((files, i) => targets.push({ file: files[0], source: torrents[i].source }));

    const result: RunResult = { requests: 0, errors: 0, errorSamples: [], verified: 0, mismatches: 0, firstByteMs: [], warmFirstByteMs: [], bytes: 0, seconds: 0 };
    const started = epochMs();
    const deadline = started + ctx.config.concurrencySeconds * 1000;
    const client = async () => {
      while (epochMs() < deadline) {
        const { file, source } = targets[Math.floor(Math.random() * targets.length)];
        const length = MIN_RANGE + Math.floor(Math.random() * (MAX_RANGE - MIN_RANGE + 1));
        const start = Math.floor(Math.random() * (source.size - length + 1));
        const end = start + length - 1;
        const verify = result.requests % VERIFY_EVERY === 0;
        result.requests += 1;
        try {
          const response = await timedGet(file.streamUrl, {
            range: `bytes=${start}-${end}`,
            keepBody: verify,
            agent,
            timeoutMs: REQUEST_TIMEOUT_MS,
          });
          result.bytes += response.bytes;
          if (response.status !== 206 || response.bytes !== length) {
            throw new Error(`status ${response.status}, ${response.bytes}/${length} bytes`);
          }
          result.firstByteMs.push(response.firstByteAt - response.startedAt);
          if (response.startedAt - started >= WARM_AFTER_MS) result.warmFirstByteMs.push(response.firstByteAt - response.startedAt);
          if (verify) {
            result.verified += 1;
            if (!response.body?.equals(await readSlice(source.path, start, length))) {
              result.mismatches += 1;
              if (result.errorSamples.length < 5) result.errorSamples.push(`bytes ${start}-${end} differ from the source`);
            }
          }
        } catch (err) {
          result.errors += 1;
          if (result.errorSamples.length < 5) result.errorSamples.push((err as Error).message);
        }
      }
    };
    await Promise.all(Array.from({ length: ctx.config.concurrencyClients }, client));
    result.seconds = (epochMs() - started) / 1000;
    server.assertLoopbackOnly();
    return result;
  } finally {
    agent.destroy();
    await server.stop();
  }
}
