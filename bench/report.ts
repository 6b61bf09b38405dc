import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Stamp } from './machine.ts';
import type { PeerInfo } from './peer-process.ts';
import type { Summary } from './stats.ts';
import { ALL_MEASURES, type BenchConfig, type Metric } from './types.ts';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export interface BenchReport {
  stamp: Stamp;
  config: Omit<BenchConfig, 'only'> & { only: number[] };
  peer?: PeerInfo & { utp?: boolean };
  /** 1-, 5- and 15-minute load averages at the start and end: other work on the machine skews numbers */
  loadavg: { start: number[]; end: number[] };
  durationS: number;
  metrics: Metric[];
  details: Record<string, unknown>;
}

/** `0.120 (0.101–0.140)`: the median, then the spread over the repeats. */
function cell(summary: Summary | undefined, digits: number): string {
  if (!summary || summary.n === 0 || Number.isNaN(summary.median)) return 'n/a';
  const f = (v: number) => v.toFixed(digits);
  return summary.n === 1 ? f(summary.median) : `${f(summary.median)} (${f(summary.min)}–${f(summary.max)})`;
}

function ratio(metric: Metric): string {
  if (metric.noRatio || !metric.us || !metric.peer || metric.peer.n === 0 || metric.us.n === 0) return '–';
  if (metric.peer.median === 0) return '–';
  return `${(metric.us.median / metric.peer.median).toFixed(2)}×`;
}

function met(metric: Metric): string {
  if (!metric.target) return '';
  if (metric.target.met === undefined) return 'n/a';
  return metric.target.met ? '✅' : '❌';
}

export function renderMarkdown(report: BenchReport): string {
  const { stamp, config, peer } = report;
  const m = stamp.machine;
  const peerName = peer ? `webtorrent-cli ${peer.cliVersion}` : 'peer';
  const lines = [
    `Benchmark of ${stamp.date.slice(0, 10)}, commit \`${stamp.commit}\`${stamp.dirty ? ' (with uncommitted changes)' : ''}, ` +
      `${config.mode} run (\`npm run bench${config.mode === 'quick' ? ' -- --quick' : ''}\`), ${Math.round(report.durationS)} s.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}, Node ${m.node}. ` +
      `Load average at start/end: ${report.loadavg.start[0].toFixed(1)} / ${report.loadavg.end[0].toFixed(1)}.`,
    peer
      ? `Peer: the HTTP server of ${peerName} (webtorrent ${peer.webtorrentVersion}, uTP ${peer.utp ? 'on' : 'off'}, DHT/LSD/UPnP/PEX forced off), same swarm and files.`
      : 'Peer: not run.',
    '',
    `| # | Measure | Unit | tod-p2m | ${peerName} | us / peer | Target | Met |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const metric of report.metrics) {
    const usCell = cell(metric.us, metric.digits);
    const peerCell = metric.peer ? cell(metric.peer, metric.digits) : '–';
    lines.push(
      `| ${metric.measure} | ${metric.label} | ${metric.unit} | ${usCell} | ${peerCell} | ${ratio(metric)} | ${metric.target?.text ?? ''} | ${met(metric)} |`,
    );
  }
  const notes = report.metrics.filter((metric) => metric.note).map((metric) => `- ${metric.label}: ${metric.note}`);
  lines.push(
    '',
    `Cells: median (min–max) over the repeats; every repeat is a cold start (new process, empty data dir, torrent added by magnet). ` +
      `MB = 10⁶ bytes. us / peer is the ratio of the medians (for times and memory lower is better, for MB/s higher). ` +
      `Swarm: one seeder process and an HTTP tracker, all on 127.0.0.1; the machine's 2 cores are shared by the seeder, the server and the bench client.`,
    ...(notes.length ? ['', ...notes] : []),
  );
  return lines.join('\n') + '\n';
}

export async function writeResults(report: BenchReport, markdown: string): Promise<{ json: string; latest?: string }> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const suffix = report.config.mode === 'quick' ? '-quick' : '';
  const json = join(RESULTS_DIR, `${report.stamp.date.slice(0, 10)}-${report.stamp.commit}${suffix}.json`);
  await writeFile(json, JSON.stringify(report, null, 2) + '\n');
  // latest.md feeds the README: only a full run of every measure may replace it
  const complete = report.config.mode === 'full' && report.config.only.length === ALL_MEASURES.length && report.config.withPeer;
  if (!complete) return { json };
  const latest = join(RESULTS_DIR, 'latest.md');
  await writeFile(latest, markdown);
  return { json, latest };
}
