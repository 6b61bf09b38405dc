import type { Seeder } from '../../test/helpers/seeder.ts';
import { MB, type SourceFile } from '../fixtures.ts';
import { poll, timedGet, type TimedGetResult } from '../http.ts';
import { startPeer } from '../peer-process.ts';
import { epochMs } from '../processes.ts';
import { cpuSecondsOf } from '../rss.ts';
import { startServer } from '../server-process.ts';
import { summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput, Side } from '../types.ts';

/** How long a cold side may take to deliver the first byte before the run counts as failed. */
const FIRST_BYTE_TIMEOUT_MS = 60_000;

interface Run {
  side: Side;
  firstByteS: number;
  throughputMBs: number;
  sha1Ok: boolean;
  bytes: number;
  /** CPU seconds the serving process used per GB streamed (from the magnet to the last byte) */
  cpuSecondsPerGB: number;
}

/**
 * Measures 1 and 2 from the same cold runs: the magnet goes in, the whole file is read
 * back with a sha1 check. The time to the first body byte is measure 1; the bytes over
 * the time from sending the GET to the last byte is measure 2.
 *
 * "From the magnet" means: for our server, from just before the POST /torrents; for
 * the peer, from the moment its engine was handed the magnet (reported by the shim in
 * peer/loopback-webtorrent.mjs), while we poll its HTTP server, which 404s until the
 * metadata is in.
 */
export async function measureStream(ctx: BenchContext, seeder: Seeder, source: SourceFile): Promise<MeasureOutput> {
  const runs: Run[] = [];
  for (let rep = 0; rep < ctx.config.streamReps; rep++) {
    // interleaved, so that a noisy neighbour on the machine hurts both sides alike
    runs.push(await usRun(ctx, seeder, source));
    if (ctx.config.withPeer) runs.push(await peerRun(seeder, source));
    const last = runs
      .slice(ctx.config.withPeer ? -2 : -1)
      .map((r) => `${r.side} ${r.firstByteS.toFixed(3)} s, ${r.throughputMBs.toFixed(0)} MB/s, ${r.cpuSecondsPerGB.toFixed(1)} CPU s/GB${r.sha1Ok ? '' : ' SHA1 MISMATCH'}`);
    ctx.log(`  stream rep ${rep + 1}: ${last.join(' | ')}`);
  }
  const of = (side: Side, pick: (r: Run) => number) => runs.filter((r) => r.side === side).map(pick);
  const ttfbUs = of('us', (r) => r.firstByteS);
  const ttfbPeer = of('peer', (r) => r.firstByteS);
  const tpUs = of('us', (r) => r.throughputMBs);
  const tpPeer = of('peer', (r) => r.throughputMBs);
  const cpuUs = of('us', (r) => r.cpuSecondsPerGB);
  const cpuPeer = of('peer', (r) => r.cpuSecondsPerGB);
  const bad = runs.filter((r) => !r.sha1Ok).map((r) => r.side);
  const usTtfb = summarize(ttfbUs);
  const usTp = summarize(tpUs);
  const peerTp = ttfbPeer.length ? summarize(tpPeer) : undefined;
  return {
    metrics: [
      {
        key: 'magnet_to_first_byte_s',
        measure: 1,
        label: 'Magnet → first byte',
        unit: 's',
        better: 'lower',
        digits: 3,
        us: usTtfb,
        peer: ttfbPeer.length ? summarize(ttfbPeer) : undefined,
        target: { text: '≤ 0.15 s', met: usTtfb.median <= 0.15 },
        samples: { us: ttfbUs, peer: ttfbPeer },
      },
      {
        key: 'stream_throughput_MBps',
        measure: 2,
        label: `Full-file stream, ${Math.round(source.size / MB)} MB (sha1 ${bad.length ? `MISMATCH on ${bad.join(', ')}` : 'ok'})`,
        unit: 'MB/s',
        better: 'higher',
        digits: 0,
        us: usTp,
        peer: peerTp,
        target: { text: '≥ 1.5 × peer', met: peerTp ? usTp.median >= 1.5 * peerTp.median : undefined },
        note: bad.length ? `sha1 mismatch in ${bad.length} run(s)` : undefined,
        samples: { us: tpUs, peer: tpPeer },
      },
      {
        key: 'stream_cpu_seconds_per_GB',
        measure: 2,
        label: 'CPU time of the serving process per GB streamed (user + system)',
        unit: 's/GB',
        better: 'lower',
        digits: 1,
        us: summarize(cpuUs),
        peer: cpuPeer.length ? summarize(cpuPeer) : undefined,
        samples: { us: cpuUs, peer: cpuPeer },
      },
    ],
    details: { runs },
  };
}

async function usRun(ctx: BenchContext, seeder: Seeder, source: SourceFile): Promise<Run> {
  const server = await startServer({ trackers: [ctx.tracker.announceUrl], cpuProfDir: ctx.config.cpuProfDir });
  try {
    const cpu0 = cpuSecondsOf(server.pid) ?? 0;
    const t0 = epochMs();
    const files = await server.addMagnet(seeder.magnetURI);
    const response = await timedGet(files[0].streamUrl, { sha1: true, timeoutMs: 300_000 });
    if (response.status !== 200) throw new Error(`GET stream answered ${response.status}`);
    const cpu = (cpuSecondsOf(server.pid) ?? 0) - cpu0;
    server.assertLoopbackOnly();
    return toRun('us', t0, response, source, cpu);
  } finally {
    await server.stop();
  }
}

async function peerRun(seeder: Seeder, source: SourceFile): Promise<Run> {
  const peer = await startPeer(seeder.magnetURI);
  // the CLI's own start-up (module loading) is before this reading, like our server's
  const cpu0 = cpuSecondsOf(peer.pid) ?? 0;
  try {
    const url = peer.fileUrl(seeder.infoHash, seeder.files[0].path);
    const response = await poll(
      async () => {
        const r = await timedGet(url, { sha1: true, timeoutMs: 300_000 });
        return r.status === 404 ? undefined : r;
      },
      'peer stream answer',
      FIRST_BYTE_TIMEOUT_MS,
    );
    if (response.status !== 200) throw new Error(`peer GET answered ${response.status}`);
    const cpu = (cpuSecondsOf(peer.pid) ?? 0) - cpu0;
    peer.assertLoopbackOnly();
    return toRun('peer', peer.addedAt, response, source, cpu);
  } finally {
    await peer.stop();
  }
}

function toRun(side: Side, t0: number, response: TimedGetResult, source: SourceFile, cpuSeconds: number): Run {
  return {
    cpuSecondsPerGB: cpuSeconds / (response.bytes / 1e9),
    side,
    firstByteS: (response.firstByteAt - t0) / 1000,
    throughputMBs: response.bytes / MB / ((response.endAt - response.startedAt) / 1000),
    sha1Ok: response.bytes === source.size && response.sha1 === source.sha1,
    bytes: response.bytes,
  };
}
