import type { Seeder } from '../../test/helpers/seeder.ts';
import { MB, type SourceFile } from '../fixtures.ts';
import { poll, timedGet, type TimedGetResult } from '../http.ts';
import { startPeer } from '../peer-process.ts';
import { sleep } from '../processes.ts';
import { sampleRss, type RssSample } from '../rss.ts';
import { startServer } from '../server-process.ts';
import { summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput, Side } from '../types.ts';

/** RSS "after the stream" is read this long after the last byte. */
const SETTLE_MS = 2_000;
/** "Flat": the second half of the stream may not peak more than this above the first half. */
const FLAT_TOLERANCE_MB = 20;

interface Run {
  side: Side;
  idleMB: number;
  peakMB: number;
  firstHalfPeakMB: number;
  secondHalfPeakMB: number;
  afterMB: number;
  throughputMBs: number;
  bytesOk: boolean;
  /** every 100 ms sample, MB, for plotting from the JSON */
  trace: number[];
}

/**
 * Measure 5: VmRSS of the serving process, sampled every 100 ms from the bench process,
 * while one client reads the whole 2 GB file (not hashed here: this measure is about the
 * server's memory, and hashing 2 GB would steal a core from it on a 2-core machine).
 * It asks for `bytes=0-<last>` so that a quick run can read only the start of the file.
 */
export async function measureMemory(ctx: BenchContext, seeder: Seeder, source: SourceFile): Promise<MeasureOutput> {
  const runs: Run[] = [];
  for (let rep = 0; rep < ctx.config.memoryReps; rep++) {
    runs.push(await usRun(ctx, seeder, source));
    if (ctx.config.withPeer) runs.push(await peerRun(ctx, seeder, source));
    const last = runs.slice(ctx.config.withPeer ? -2 : -1);
    ctx.log(`  memory rep ${rep + 1}: ${last.map((r) => `${r.side} peak ${r.peakMB.toFixed(0)} MB (halves ${r.firstHalfPeakMB.toFixed(0)}/${r.secondHalfPeakMB.toFixed(0)}), after ${r.afterMB.toFixed(0)} MB, ${r.throughputMBs.toFixed(0)} MB/s`).join(' | ')}`);
  }
  const of = (side: Side, pick: (r: Run) => number) => runs.filter((r) => r.side === side).map(pick);
  const peak = summarize(of('us', (r) => r.peakMB));
  const growth = of('us', (r) => r.secondHalfPeakMB - r.firstHalfPeakMB);
  const hasPeer = of('peer', (r) => r.peakMB).length > 0;
  const flat = growth.every((g) => g <= FLAT_TOLERANCE_MB);
  const streamed = streamedBytes(ctx, source);
  const sizeLabel =
    streamed === source.size ? `${(source.size / 1e9).toFixed(0)} GB` : `the first ${streamed / MB} MB of ${(source.size / 1e9).toFixed(0)} GB`;
  const bad = runs.filter((r) => !r.bytesOk).length;
  return {
    metrics: [
      {
        key: 'rss_peak_streaming_MB',
        measure: 5,
        label: `RSS peak while streaming ${sizeLabel}`,
        unit: 'MB',
        better: 'lower',
        digits: 0,
        us: peak,
        peer: hasPeer ? summarize(of('peer', (r) => r.peakMB)) : undefined,
        target: { text: '≤ 200 MB', met: peak.median <= 200 },
        note: bad ? `${bad} run(s) got the wrong byte count` : undefined,
        samples: { us: of('us', (r) => r.peakMB), peer: of('peer', (r) => r.peakMB) },
      },
      {
        key: 'rss_growth_second_half_MB',
        measure: 5,
        label: `RSS growth, 2nd half of the stream over the 1st (peak − peak)`,
        unit: 'MB',
        better: 'lower',
        noRatio: true,
        digits: 0,
        us: summarize(growth),
        peer: hasPeer ? summarize(of('peer', (r) => r.secondHalfPeakMB - r.firstHalfPeakMB)) : undefined,
        target: { text: `flat (≤ ${FLAT_TOLERANCE_MB} MB)`, met: flat },
        samples: { us: growth },
      },
      {
        key: 'rss_after_stream_MB',
        measure: 5,
        label: `RSS ${SETTLE_MS / 1000} s after the stream`,
        unit: 'MB',
        better: 'lower',
        digits: 0,
        us: summarize(of('us', (r) => r.afterMB)),
        peer: hasPeer ? summarize(of('peer', (r) => r.afterMB)) : undefined,
        samples: { us: of('us', (r) => r.afterMB), peer: of('peer', (r) => r.afterMB) },
      },
    ],
    details: { runs },
  };
}

async function usRun(ctx: BenchContext, seeder: Seeder, source: SourceFile): Promise<Run> {
  const server = await startServer({ trackers: [ctx.tracker.announceUrl], cpuProfDir: ctx.config.cpuProfDir });
  try {
    const sampler = sampleRss(server.pid);
    const files = await server.addMagnet(seeder.magnetURI);
    const response = await readAll(files[0].streamUrl, streamedBytes(ctx, source), sampler.mark);
    server.assertLoopbackOnly();
    return await finish('us', sampler, response, streamedBytes(ctx, source));
  } finally {
    await server.stop();
  }
}

async function peerRun(ctx: BenchContext, seeder: Seeder, source: SourceFile): Promise<Run> {
  const peer = await startPeer(seeder.magnetURI);
  try {
    const sampler = sampleRss(peer.pid);
    const url = peer.fileUrl(seeder.infoHash, seeder.files[0].path);
    // the CLI's server 404s until the metadata is in
    await poll(async () => ((await timedGet(url, { method: 'HEAD' })).status === 200 ? true : undefined), 'peer metadata', 60_000);
    const response = await readAll(url, streamedBytes(ctx, source), sampler.mark);
    peer.assertLoopbackOnly();
    return await finish('peer', sampler, response, streamedBytes(ctx, source));
  } finally {
    await peer.stop();
  }
}

function streamedBytes(ctx: BenchContext, source: SourceFile): number {
  return Math.min(ctx.config.memoryStreamBytes ?? source.size, source.size);
}

/** The whole file (200), or its first `bytes` as a range (206) in a quick run. */
function readAll(url: string, bytes: number, mark: (name: string) => void): Promise<TimedGetResult> {
  let first = true;
  return timedGet(url, {
    range: `bytes=0-${bytes - 1}`,
    timeoutMs: 600_000,
    onBytes: () => {
      if (first) mark('firstByte');
      first = false;
    },
  });
}

async function finish(side: Side, sampler: ReturnType<typeof sampleRss>, response: TimedGetResult, expectedBytes: number): Promise<Run> {
  sampler.mark('lastByte');
  const idle = sampler.samples[0]?.bytes ?? 0;
  await sleep(SETTLE_MS);
  const samples = sampler.stop();
  const from = sampler.marks.firstByte ?? 0;
  const to = sampler.marks.lastByte;
  const middle = (from + to) / 2;
  const peakOf = (list: RssSample[]) => Math.max(0, ...list.map((s) => s.bytes)) / MB;
  const during = samples.filter((s) => s.atMs <= to);
  return {
    side,
    idleMB: idle / MB,
    peakMB: peakOf(during),
    firstHalfPeakMB: peakOf(during.filter((s) => s.atMs >= from && s.atMs < middle)),
    secondHalfPeakMB: peakOf(during.filter((s) => s.atMs >= middle)),
    afterMB: (samples.at(-1)?.bytes ?? 0) / MB,
    throughputMBs: response.bytes / MB / ((response.endAt - response.startedAt) / 1000),
    bytesOk: response.status === 206 && response.bytes === expectedBytes,
    trace: samples.map((s) => Math.round(s.bytes / MB)),
  };
}
