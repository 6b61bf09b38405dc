import type { Seeder } from '../../test/helpers/seeder.ts';
import { MB, type SourceFile } from '../fixtures.ts';
import { poll, timedGet, type TimedGetResult } from '../http.ts';
import { inTurn, warmUpSeeder } from '../turns.ts';
import { startPeer } from '../peer-process.ts';
import { epochMs } from '../processes.ts';
import { cpuSecondsOf } from '../rss.ts';
import { startServer } from '../server-process.ts';
import { summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput, Metric, Side } from '../types.ts';

/** How long a cold side may take to deliver the first byte before the run counts as failed. */
const FIRST_BYTE_TIMEOUT_MS = 60_000;
const BENCH_API_KEY = 'bench-api-key';
/** As a Prometheus would, only more often. */
const SCRAPE_EVERY_MS = 5_000;

/** With --secure: `plain` has auth and metrics off, `secure` both on; otherwise the defaults. */
type Variant = 'default' | 'plain' | 'secure';

interface Run {
  side: Side;
  variant: Variant;
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
  await warmUpSeeder(ctx, seeder);
  for (let rep = 0; rep < ctx.config.streamReps; rep++) {
    // interleaved, so that a noisy neighbour on the machine hurts both sides alike
    const before = runs.length;
    // with --secure, which variant goes first alternates: the second of a pair may find warmer caches
    const variants: Variant[] = !ctx.config.secure ? ['default'] : rep % 2 === 0 ? ['plain', 'secure'] : ['secure', 'plain'];
    const ours = async () => {
      for (const variant of variants) runs.push(await usRun(ctx, seeder, source, variant));
    };
    const theirs = ctx.config.withPeer ? async () => void runs.push(await peerRun(seeder, source)) : undefined;
    for (const side of inTurn(rep, ours, theirs)) await side();
    const last = runs
      .slice(before)
      .map((r) => `${r.side}${r.variant === 'default' ? '' : ` ${r.variant}`} ${r.firstByteS.toFixed(3)} s, ${r.throughputMBs.toFixed(0)} MB/s, ${r.cpuSecondsPerGB.toFixed(1)} CPU s/GB${r.sha1Ok ? '' : ' SHA1 MISMATCH'}`);
    ctx.log(`  stream rep ${rep + 1}: ${last.join(' | ')}`);
  }
  const of = (side: Side, pick: (r: Run) => number) => runs.filter((r) => r.side === side && r.variant !== 'secure').map(pick);
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
  const plain = ctx.config.secure ? ' (auth and metrics off)' : '';
  return {
    metrics: [
      {
        key: 'magnet_to_first_byte_s',
        measure: 1,
        label: `Magnet → first byte${plain}`,
        unit: 's',
        better: 'lower',
        digits: 3,
        us: usTtfb,
        peer: ttfbPeer.length ? summarize(ttfbPeer) : undefined,
        // issue 11: no later than the webtorrent CLI in the same run
        target: { text: '≤ peer', met: ttfbPeer.length ? usTtfb.median <= summarize(ttfbPeer).median : undefined },
        samples: { us: ttfbUs, peer: ttfbPeer },
      },
      {
        key: 'stream_throughput_MBps',
        measure: 2,
        label: `Full-file stream, ${Math.round(source.size / MB)} MB (sha1 ${bad.length ? `MISMATCH on ${bad.join(', ')}` : 'ok'})${plain}`,
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
      ...(ctx.config.secure ? secureMetrics(runs, usTp.median, usTtfb.median) : []),
    ],
    details: { runs },
  };
}

/** The auth + metrics rows: the same measures with both on, and their cost against the plain runs. */
function secureMetrics(runs: Run[], plainThroughput: number, plainFirstByte: number): Metric[] {
  const secure = runs.filter((r) => r.variant === 'secure');
  const tp = summarize(secure.map((r) => r.throughputMBs));
  const ttfb = summarize(secure.map((r) => r.firstByteS));
  const cost = (1 - tp.median / plainThroughput) * 100;
  return [
    {
      key: 'magnet_to_first_byte_secure_s',
      measure: 1,
      label: 'Magnet → first byte, auth + metrics on',
      unit: 's',
      better: 'lower',
      digits: 3,
      us: ttfb,
      note: `plain ${plainFirstByte.toFixed(3)} s`,
      samples: { us: secure.map((r) => r.firstByteS) },
    },
    {
      key: 'stream_throughput_secure_MBps',
      measure: 2,
      label: `Full-file stream, auth (API key, signed URL) + metrics (scraped every ${SCRAPE_EVERY_MS / 1000} s) on; cost ${cost.toFixed(1)} % of the plain median`,
      unit: 'MB/s',
      better: 'higher',
      digits: 0,
      us: tp,
      target: { text: 'cost ≤ 5 %', met: cost <= 5 },
      samples: { us: secure.map((r) => r.throughputMBs) },
    },
    {
      key: 'stream_cpu_seconds_per_GB_secure',
      measure: 2,
      label: 'CPU time of the serving process per GB streamed, auth + metrics on',
      unit: 's/GB',
      better: 'lower',
      digits: 1,
      us: summarize(secure.map((r) => r.cpuSecondsPerGB)),
      samples: { us: secure.map((r) => r.cpuSecondsPerGB) },
    },
  ];
}

async function usRun(ctx: BenchContext, seeder: Seeder, source: SourceFile, variant: Variant): Promise<Run> {
  const secure = variant === 'secure';
  const server = await startServer({
    trackers: [ctx.tracker.announceUrl],
    cpuProfDir: ctx.config.cpuProfDir,
    apiKey: secure ? BENCH_API_KEY : undefined,
    env: variant === 'plain' ? { METRICS: 'false' } : {},
  });
  const scraper = secure ? scrapeEvery(`${server.baseUrl}/metrics`, BENCH_API_KEY) : undefined;
  try {
    const cpu0 = cpuSecondsOf(server.pid) ?? 0;
    const t0 = epochMs();
    const files = await server.addMagnet(seeder.magnetURI);
    if (secure && !files[0].streamUrl.includes('/t/')) throw new Error(`auth is on but the stream URL is not signed: ${files[0].streamUrl}`);
    const response = await timedGet(files[0].streamUrl, { sha1: true, timeoutMs: 300_000 });
    if (response.status !== 200) throw new Error(`GET stream answered ${response.status}`);
    const cpu = (cpuSecondsOf(server.pid) ?? 0) - cpu0;
    server.assertLoopbackOnly();
    return { ...toRun('us', t0, response, source, cpu), variant };
  } finally {
    await scraper?.stop();
    await server.stop();
  }
}

/** Scrapes /metrics with the key on a timer; a failed scrape fails the run. */
function scrapeEvery(url: string, apiKey: string): { stop(): Promise<void> } {
  let failure: Error | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = fetch(url, { headers: { authorization: `Bearer ${apiKey}` } }).then(
      async (response) => {
        await response.text();
        if (response.status !== 200) failure = new Error(`/metrics answered ${response.status}`);
      },
      (err: Error) => {
        failure = err;
      },
    );
  }, SCRAPE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      if (failure) throw failure;
    },
  };
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
    return { ...toRun('peer', peer.addedAt, response, source, cpu), variant: 'default' };
  } finally {
    await peer.stop();
  }
}

function toRun(side: Side, t0: number, response: TimedGetResult, source: SourceFile, cpuSeconds: number): Omit<Run, 'variant'> {
  return {
    cpuSecondsPerGB: cpuSeconds / (response.bytes / 1e9),
    side,
    firstByteS: (response.firstByteAt - t0) / 1000,
    throughputMBs: response.bytes / MB / ((response.endAt - response.startedAt) / 1000),
    sha1Ok: response.bytes === source.size && response.sha1 === source.sha1,
    bytes: response.bytes,
  };
}
