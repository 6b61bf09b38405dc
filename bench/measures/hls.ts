import type { Seeder } from '../../test/helpers/seeder.ts';
import { timedGet } from '../http.ts';
import { epochMs } from '../processes.ts';
import { startServer, type ServerProcess } from '../server-process.ts';
import { summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput, Metric } from '../types.ts';

export interface HlsSource {
  /** `remux` (H.264/AAC MP4) or `re-encode` (MPEG-4 Part 2 MKV) */
  kind: 'remux' | 're-encode';
  seeder: Seeder;
}

interface Segment {
  uri: string;
  seconds: number;
}

interface FileResult {
  kind: HlsSource['kind'];
  firstSegmentS: number[];
  /** of which: until the playlist answered (probe of the file, keyframe index) */
  playlistS: number[];
  realtimeX: number[];
  seekS: number[];
  segments: number;
  mediaSeconds: number;
}

/** Raised when the server has no HLS route (yet): the measure is reported as n/a. */
class NoHls extends Error {}

/**
 * Measure 6, per source file and cold server:
 *  - run A: GET playlist.m3u8, then segment 0: the time from the playlist request to the
 *    last byte of the first segment (what a player waits for before it can start); then
 *    the next N segments back to back: media seconds / wall seconds ("× realtime");
 *  - run B: GET playlist.m3u8, then straight to the segment at 70 % (a cold seek).
 */
export async function measureHls(ctx: BenchContext, sources: HlsSource[]): Promise<MeasureOutput> {
  const results: FileResult[] = [];
  try {
    for (const source of sources) results.push(await measureFile(ctx, source));
  } catch (err) {
    if (!(err instanceof NoHls)) throw err;
    ctx.log(`  HLS: n/a (${err.message})`);
    return { metrics: notAvailable(err.message), details: { available: false, reason: err.message } };
  }
  const metrics: Metric[] = [];
  for (const r of results) {
    const first = summarize(r.firstSegmentS);
    metrics.push(
      {
        key: `hls_${r.kind.replace('-', '')}_first_segment_s`,
        measure: 6,
        label: `HLS ${r.kind}: cold playlist → first segment`,
        unit: 's',
        better: 'lower',
        digits: 2,
        us: first,
        target: r.kind === 'remux' ? { text: '≤ 1.5 s', met: first.median <= 1.5 } : undefined,
        samples: { us: r.firstSegmentS },
      },
      {
        key: `hls_${r.kind.replace('-', '')}_speed_x_realtime`,
        measure: 6,
        label: `HLS ${r.kind}: segment production (${r.segments} segments of ${r.mediaSeconds.toFixed(0)} s media)`,
        unit: '× realtime',
        better: 'higher',
        digits: 1,
        us: summarize(r.realtimeX),
        samples: { us: r.realtimeX },
      },
      {
        key: `hls_${r.kind.replace('-', '')}_seek70_s`,
        measure: 6,
        label: `HLS ${r.kind}: cold seek to the segment at 70 %`,
        unit: 's',
        better: 'lower',
        digits: 2,
        us: summarize(r.seekS),
        samples: { us: r.seekS },
      },
    );
  }
  return { metrics, details: { available: true, results } };
}

async function measureFile(ctx: BenchContext, source: HlsSource): Promise<FileResult> {
  const result: FileResult = { kind: source.kind, firstSegmentS: [], playlistS: [], realtimeX: [], seekS: [], segments: 0, mediaSeconds: 0 };
  for (let rep = 0; rep < ctx.config.hlsReps; rep++) {
    await withColdServer(ctx, source, async (server, playlistUrl) => {
      const t0 = epochMs();
      const segments = await fetchPlaylist(playlistUrl);
      result.playlistS.push((epochMs() - t0) / 1000);
      await fetchSegment(segments[0].uri);
      result.firstSegmentS.push((epochMs() - t0) / 1000);
      // consecutive segments, as a player buffering ahead would ask for them
      const next = segments.slice(1, 1 + ctx.config.hlsSpeedSegments);
      const t1 = epochMs();
      for (const segment of next) await fetchSegment(segment.uri);
      const media = next.reduce((sum, s) => sum + s.seconds, 0);
      result.realtimeX.push(media / ((epochMs() - t1) / 1000));
      result.segments = next.length;
      result.mediaSeconds = media;
      server.assertLoopbackOnly();
    });
    await withColdServer(ctx, source, async (_server, playlistUrl) => {
      const t0 = epochMs();
      const segments = await fetchPlaylist(playlistUrl);
      await fetchSegment(segments[Math.floor(segments.length * 0.7)].uri);
      result.seekS.push((epochMs() - t0) / 1000);
    });
    ctx.log(
      `  HLS ${source.kind} rep ${rep + 1}: first segment ${result.firstSegmentS.at(-1)?.toFixed(2)} s ` +
        `(playlist ${result.playlistS.at(-1)?.toFixed(2)} s), ` +
        `${result.realtimeX.at(-1)?.toFixed(1)}× realtime, seek 70 % ${result.seekS.at(-1)?.toFixed(2)} s`,
    );
  }
  return result;
}

async function withColdServer(
  ctx: BenchContext,
  source: HlsSource,
  body: (server: ServerProcess, playlistUrl: string) => Promise<void>,
): Promise<void> {
  const server = await startServer({ trackers: [ctx.tracker.announceUrl], cpuProfDir: ctx.config.cpuProfDir });
  try {
    const files = await server.addMagnet(source.seeder.magnetURI);
    await body(server, `${server.baseUrl}/hls/${source.seeder.infoHash}/${files[0].id}/playlist.m3u8`);
  } finally {
    await server.stop();
  }
}

async function fetchPlaylist(url: string): Promise<Segment[]> {
  const response = await timedGet(url, { keepBody: true, timeoutMs: 60_000 });
  const text = response.body?.toString('utf8') ?? '';
  // Nest answers an unknown route with "Cannot GET …"; any other 404 is a real failure
  if (response.status === 404 && /Cannot GET/i.test(text)) throw new NoHls('the server has no HLS route (404)');
  if (response.status !== 200) throw new Error(`playlist answered ${response.status}: ${text.slice(0, 200)}`);
  const segments: Segment[] = [];
  let seconds = 0;
  for (const line of text.split('\n').map((l) => l.trim())) {
    const extinf = /^#EXTINF:([\d.]+)/.exec(line);
    if (extinf) seconds = Number(extinf[1]);
    else if (line && !line.startsWith('#')) segments.push({ uri: new URL(line, url).href, seconds });
  }
  if (segments.length === 0) throw new Error(`playlist without segments: ${text.slice(0, 200)}`);
  return segments;
}

async function fetchSegment(url: string): Promise<void> {
  const response = await timedGet(url, { timeoutMs: 120_000 });
  if (response.status !== 200 || response.bytes === 0) throw new Error(`segment ${url} answered ${response.status} (${response.bytes} bytes)`);
}

function notAvailable(reason: string): Metric[] {
  return (['remux', 're-encode'] as const).map((kind) => ({
    key: `hls_${kind.replace('-', '')}_first_segment_s`,
    measure: 6,
    label: `HLS ${kind}: cold playlist → first segment`,
    unit: 's',
    better: 'lower' as const,
    digits: 2,
    target: kind === 'remux' ? { text: '≤ 1.5 s' } : undefined,
    note: `n/a: ${reason}`,
  }));
}
