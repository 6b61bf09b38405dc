// `npm run bench` (after a build): cold-start streaming measures of tod-p2m against the
// webtorrent CLI's HTTP server, over a loopback swarm. See bench/README.md.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTracker } from '../test/helpers/tracker.ts';
import { formatProfile, summarizeProfile } from './cpuprofile.ts';
import type { Seeder } from '../test/helpers/seeder.ts';
import { CACHE_DIR, MB, MiB, h264Source, mpeg4Source, multiTrackSource, randomSeason, randomSource, seedFile, type SourceFile } from './fixtures.ts';
import { stamp } from './machine.ts';
import { measureConcurrency } from './measures/concurrency.ts';
import { measureBudgetStream } from './measures/budget.ts';
import { measureHls } from './measures/hls.ts';
import { measureHlsTracks } from './measures/hls-tracks.ts';
import { measureMemory } from './measures/memory.ts';
import { measureNextEpisode } from './measures/next-episode.ts';
import { measureSeek } from './measures/seek.ts';
import { measureStream } from './measures/stream.ts';
import { measureSeekWaste } from './measures/waste.ts';
import { installPeer, peerUtpObserved, type PeerInfo } from './peer-process.ts';
import { cleanupAll, installExitHandlers, onCleanup } from './processes.ts';
import { renderMarkdown, writeResults, type BenchReport } from './report.ts';
import { ALL_MEASURES, type BenchConfig, type BenchContext, type MeasureOutput, type Metric } from './types.ts';

const USAGE = `usage: npm run bench [-- options]
  --quick          ~2-minute smoke run (fewer repeats, 8 s of concurrency,
                   600 MB of the 2 GB file); writes no latest.md
  --only 1,3,5     run only these measures (1 first byte, 2 throughput, 3 seek,
                   4 concurrency, 5 memory, 6 HLS, 7 stream through a 64 MiB
                   disk budget, 8 seek waste, 9 next-episode start); 1 and 2
                   always run together
  --reps N         override every repeat count
  --no-peer        skip the webtorrent CLI comparison
  --secure         measures 1+2 twice per repeat: auth (API key, signed URLs) and
                   metrics (scraped every 5 s) on, and both off; prints the cost
  --cpu-prof       CPU-profile every server process (bench/.cache/profiles/…)
                   and print where the time went, per measure`;

function parseConfig(): BenchConfig {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      reps: { type: 'string' },
      'no-peer': { type: 'boolean', default: false },
      secure: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const only = new Set((values.only ?? ALL_MEASURES.join(',')).split(',').map(Number).filter((n) => (ALL_MEASURES as readonly number[]).includes(n)));
  if (only.has(1) || only.has(2)) only.add(1).add(2);
  const reps = values.reps ? Number(values.reps) : undefined;
  const pick = (full: number, short: number) => reps ?? (quick ? short : full);
  return {
    mode: quick ? 'quick' : 'full',
    streamReps: pick(5, 2),
    seekReps: pick(5, 2),
    concurrencyReps: pick(2, 1),
    concurrencySeconds: quick ? 8 : 30,
    concurrencyClients: 32,
    memoryReps: pick(2, 1),
    // a smoke run streams only the first 600 MB of the 2 GB file: the full one takes a minute a side
    memoryStreamBytes: quick ? 600 * 1_000_000 : undefined,
    hlsReps: pick(3, 1),
    budgetReps: pick(3, 1),
    wasteReps: pick(2, 1),
    nextEpisodeReps: pick(3, 1),
    hlsSpeedSegments: 6,
    only,
    withPeer: !values['no-peer'],
    secure: values.secure ?? false,
    cpuProfDir: values['cpu-prof'] ? join(CACHE_DIR, 'profiles', new Date().toISOString().replace(/[:.]/g, '-')) : undefined,
  };
}

async function main(): Promise<void> {
  installExitHandlers();
  const config = parseConfig();
  const started = performance.now();
  const loadStart = os.loadavg();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const metrics: Metric[] = [];
  const details: Record<string, unknown> = {};
  let peer: (PeerInfo & { utp?: boolean }) | undefined;

  log(`tod-p2m bench, ${config.mode} run, measures ${[...config.only].sort().join(',')}`);
  if (loadStart[0] > 1) log(`warning: load average ${loadStart[0].toFixed(1)} before starting; other work on this machine skews the numbers`);
  try {
    if (config.withPeer) peer = await installPeer(log);
    const tracker = await startTracker({ intervalMs: 5_000 });
    onCleanup(() => tracker.close());
    const ctx: BenchContext = { config, tracker, log };

    const run = async (measure: number, name: string, body: () => Promise<MeasureOutput>) => {
      if (!config.only.has(measure)) return;
      log(`measure ${name}…`);
      const t0 = performance.now();
      const output = await withProfileDir(ctx, `m${measure}`, body);
      metrics.push(...output.metrics);
      if (output.details) details[name] = output.details;
      log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    };

    await run(1, '1+2 first byte and throughput', async () => {
      const source = await randomSource('bench-400MB.mp4', 400 * 1_000_000);
      const seeder = await seedFile(source.path, tracker.announceUrl, 1 * MiB);
      try {
        return await measureStream(ctx, seeder, source);
      } finally {
        await seeder.stop();
      }
    });
    await run(3, '3 cold seek', async () => {
      const source = await randomSource('bench-400MB.mp4', 400 * 1_000_000);
      const seeder = await seedFile(source.path, tracker.announceUrl, 1 * MiB);
      try {
        return await measureSeek(ctx, seeder, source);
      } finally {
        await seeder.stop();
      }
    });
    await run(4, '4 concurrency', async () => {
      const torrents = [];
      try {
        for (let i = 1; i <= 4; i++) {
          const source = await randomSource(`bench-100MB-${i}.mkv`, 100 * 1_000_000);
          torrents.push({ source, seeder: await seedFile(source.path, tracker.announceUrl, 1 * MiB) });
        }
        return await measureConcurrency(ctx, torrents);
      } finally {
        for (const t of torrents) await t.seeder.stop();
      }
    });
    await run(5, '5 memory', async () => {
      const source = await randomSource('bench-2GB.mkv', 2 * 1_000_000_000);
      const seeder = await seedFile(source.path, tracker.announceUrl, 2 * MiB);
      try {
        return await measureMemory(ctx, seeder, source);
      } finally {
        await seeder.stop();
      }
    });
    await run(6, '6 HLS', async () => {
      const mp4 = await seedFile(await h264Source(), tracker.announceUrl, 256 * 1024);
      const mkv = await seedFile(await mpeg4Source(), tracker.announceUrl, 256 * 1024);
      const tracks = await seedFile((await multiTrackSource()).dir, tracker.announceUrl, 256 * 1024);
      try {
        const single = await measureHls(ctx, [
          { kind: 'remux', seeder: mp4 },
          { kind: 're-encode', seeder: mkv },
        ]);
        const multi = await measureHlsTracks(ctx, { seeder: tracks });
        return { metrics: [...single.metrics, ...multi.metrics], details: { ...single.details, ...multi.details } };
      } finally {
        await mp4.stop();
        await mkv.stop();
        await tracks.stop();
      }
    });
    /** The 400 MB file of measures 1–3, seeded for the length of `body`. */
    const with400MB = async (body: (seeder: Seeder, source: SourceFile) => Promise<MeasureOutput>) => {
      const source = await randomSource('bench-400MB.mp4', 400 * 1_000_000);
      const seeder = await seedFile(source.path, tracker.announceUrl, 1 * MiB);
      try {
        return await body(seeder, source);
      } finally {
        await seeder.stop();
      }
    };
    await run(7, '7 stream through a disk budget', () => with400MB((seeder, source) => measureBudgetStream(ctx, seeder, source, 1 * MiB)));
    await run(8, '8 seek waste', async () => {
      // the 2 GB file of measure 5: rest-of-file selections have room to show what they cost
      const source = await randomSource('bench-2GB.mkv', 2 * 1_000_000_000);
      const seeder = await seedFile(source.path, tracker.announceUrl, 2 * MiB);
      try {
        return await measureSeekWaste(ctx, seeder, source);
      } finally {
        await seeder.stop();
      }
    });
    await run(9, '9 next-episode start', async () => {
      const seeder = await seedFile(await randomSeason(2, 100 * MB), tracker.announceUrl, 1 * MiB);
      try {
        return await measureNextEpisode(ctx, seeder);
      } finally {
        await seeder.stop();
      }
    });
  } finally {
    await cleanupAll();
  }

  if (peer) peer.utp = peerUtpObserved();
  const report: BenchReport = {
    stamp: stamp(),
    config: { ...config, only: [...config.only].sort() },
    peer,
    loadavg: { start: loadStart, end: os.loadavg() },
    durationS: (performance.now() - started) / 1000,
    metrics,
    details,
  };
  const markdown = renderMarkdown(report);
  process.stdout.write(`\n${markdown}`);
  const written = await writeResults(report, markdown);
  log(`\nresults: ${written.json}${written.latest ? `\ntable: ${written.latest}` : ' (latest.md is only written by a full run of every measure)'}`);
  if (config.cpuProfDir) await printProfiles(config.cpuProfDir, log);
}

/** Each measure's server profiles go to their own directory, so they can be told apart. */
async function withProfileDir<T>(ctx: BenchContext, name: string, body: () => Promise<T>): Promise<T> {
  const base = ctx.config.cpuProfDir;
  if (!base) return body();
  const dir = join(base, name);
  await mkdir(dir, { recursive: true });
  ctx.config.cpuProfDir = dir;
  try {
    return await body();
  } finally {
    ctx.config.cpuProfDir = base;
  }
}

/** The largest profile of each measure, summarised (the rest stay on disk for DevTools). */
async function printProfiles(base: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(base)) return;
  for (const measure of readdirSync(base).sort()) {
    const dir = join(base, measure);
    const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length === 0) continue;
    const largest = files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
    const text = formatProfile(summarizeProfile(join(dir, largest), 20));
    await writeFile(join(dir, 'summary.txt'), `${largest}\n${text}\n`);
    log(`\nCPU profile, measure ${measure} (${join(dir, largest)}):\n${text}`);
  }
}

main().catch(async (err: Error) => {
  process.stderr.write(`\nbench failed: ${err.stack ?? err.message}\n`);
  await cleanupAll();
  process.exit(1);
});
