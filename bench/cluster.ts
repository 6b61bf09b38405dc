// `npm run bench:cluster` (after a build): the cluster's aggregate throughput with one node
// and with two behind nginx (deploy/nginx/tod-p2m.conf, Redis), four torrents streamed at
// once through nginx, each run cold. Run it alone: it saturates the machine.
import { parseArgs } from 'node:util';
import { startTracker } from '../test/helpers/tracker.ts';
import { startCluster } from '../test/support/cluster.ts';
import { MB, MiB, randomSource, seedFile } from './fixtures.ts';
import { timedGet } from './http.ts';
import { cleanupAll, installExitHandlers } from './processes.ts';

const TORRENTS = 4;
const PIECE_LENGTH = 1 * MiB;

const { values } = parseArgs({
  options: { mib: { type: 'string', default: '256' }, reps: { type: 'string', default: '3' } },
});
const fileBytes = Number(values.mib) * MiB;
const reps = Number(values.reps);

installExitHandlers();
const tracker = await startTracker();
const sources = await Promise.all(
  Array.from({ length: TORRENTS }, (_, i) => randomSource(`cluster-${i}-${values.mib}mib.bin`, fileBytes)),
);
const seeders = await Promise.all(sources.map((source) => seedFile(source.path, tracker.announceUrl, PIECE_LENGTH)));

/** MB/s of the four streams together, from the first request to the last byte. */
async function aggregate(nodes: number): Promise<{ mbps: number; perNode: Record<string, number> }> {
  const cluster = await startCluster({ nodes, trackers: [tracker.announceUrl], env: { LOG_LEVEL: 'warn' } });
  try {
    for (const seeder of seeders) {
      const response = await fetch(`${cluster.url}/torrents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ magnet: seeder.magnetURI }),
      });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
    }
    const started = performance.now();
    const results = await Promise.all(
      seeders.map((seeder) =>
        timedGet(`${cluster.url}/stream/${seeder.infoHash}/0`, { sha1: true, timeoutMs: 600_000 }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    results.forEach((result, i) => {
      if (result.status !== 200 || result.sha1 !== sources[i].sha1)
        throw new Error(`stream ${i}: ${result.status}, sha1 mismatch`);
    });
    const perNode: Record<string, number> = {};
    for (const node of cluster.nodes) {
      const held = (await (await fetch(`${node.baseUrl}/torrents`)).json()) as unknown[];
      perNode[node.nodeId] = held.length;
    }
    return { mbps: (TORRENTS * fileBytes) / MB / seconds, perNode };
  } finally {
    await cluster.stop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  const lines: string[] = [];
  for (const nodes of [1, 2]) {
    const runs: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const { mbps, perNode } = await aggregate(nodes);
      runs.push(mbps);
      process.stdout.write(
        `${nodes} node(s), run ${rep + 1}: ${mbps.toFixed(0)} MB/s, torrents per node ${JSON.stringify(perNode)}\n`,
      );
    }
    const sorted = [...runs].sort((a, b) => a - b);
    lines.push(
      `${nodes} node(s): ${median(runs).toFixed(0)} MB/s (${sorted[0].toFixed(0)}–${sorted.at(-1)!.toFixed(0)}), ` +
        `${TORRENTS} torrents × ${values.mib} MiB streamed at once through nginx`,
    );
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
} finally {
  for (const seeder of seeders) await seeder.stop();
  await tracker.close();
  await cleanupAll();
}
