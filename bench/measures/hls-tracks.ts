import type { Seeder } from '../../test/helpers/seeder.ts';
import { timedGet } from '../http.ts';
import { epochMs } from '../processes.ts';
import { startServer, type ServerProcess } from '../server-process.ts';
import { summarize } from '../stats.ts';
import type { BenchContext, MeasureOutput, Metric } from '../types.ts';

/** A torrent folder with `Film.mkv` (two audio tracks, one embedded SubRip track) and `Film.en.srt`. */
export interface TracksSource {
  seeder: Seeder;
}

interface TorrentFile {
  id: number;
  name: string;
  size: number;
  subtitles?: { id: number; source: 'embedded' | 'sidecar' }[];
}

interface TracksResult {
  /** master → video and default-audio playlists → both first segments, as hls.js asks for them */
  twoAudioFirstSegmentS: number[];
  /** the same file's muxed variant (playlist.m3u8 → 0.ts): video and the default audio in one run */
  muxedFirstSegmentS: number[];
  filmBytes: number;
  sidecarBytes: number;
  /** downloaded before any subtitle request: metadata, probe, the hot head and tail */
  baselineBytes: number[];
  embeddedWholeBytes: number[];
  embeddedWholeS: number[];
  sidecarDownloadedBytes: number[];
  windowBytes: number[];
  windowS: number[];
  /** a second window, at 75 %, right after the first: what each further window costs once the head is in */
  secondWindowBytes: number[];
}

/**
 * The subtitle-cost servers download at most this fast (a good real swarm): on loopback the
 * engine would otherwise fetch a range reader's whole selection (to the end of the file) in
 * the second ffmpeg takes to read one window, and every figure would be the whole file.
 */
const SUBTITLE_RATE_LIMIT = '4MB';
const SUBTITLE_ENV = { DOWNLOAD_RATE_LIMIT: SUBTITLE_RATE_LIMIT };

/**
 * Measure 6, tracks (cold server each time, on a 300 s two-audio MKV):
 *  - time to the first segment with audio renditions (video/0.ts and audio/0/0.ts both in,
 *    from the master request) against the muxed single-audio variant of the same file;
 *  - what a subtitle costs in bytes downloaded from the swarm (the engine's received
 *    bytes, from /metrics): the whole embedded track (`.vtt` route), one HLS subtitle
 *    segment at 50 % (windowed extraction; the first also reads the file's head), a second
 *    one at 75 %, and the sidecar file.
 */
export async function measureHlsTracks(ctx: BenchContext, source: TracksSource): Promise<MeasureOutput> {
  const r: TracksResult = {
    twoAudioFirstSegmentS: [], muxedFirstSegmentS: [], filmBytes: 0, sidecarBytes: 0, baselineBytes: [],
    embeddedWholeBytes: [], embeddedWholeS: [], sidecarDownloadedBytes: [], windowBytes: [], windowS: [],
    secondWindowBytes: [],
  };
  for (let rep = 0; rep < ctx.config.hlsReps; rep++) {
    await withColdServer(ctx, source, {}, async (server, hash, film) => {
      const t0 = epochMs();
      const master = await text(`${server.baseUrl}/hls/${hash}/${film.id}/master.m3u8`);
      const audioUri = /TYPE=AUDIO,[^\n]*DEFAULT=YES[^\n]*URI="([^"]+)"/.exec(master)?.[1];
      const videoUri = master.trim().split('\n').at(-1);
      if (!audioUri || !videoUri) throw new Error(`master playlist without audio renditions:\n${master}`);
      const base = `${server.baseUrl}/hls/${hash}/${film.id}/`;
      const [video, audio] = await Promise.all([text(base + videoUri), text(base + audioUri)]);
      await Promise.all([segment(new URL(firstUri(video), base + videoUri).href), segment(new URL(firstUri(audio), base + audioUri).href)]);
      r.twoAudioFirstSegmentS.push((epochMs() - t0) / 1000);
    });
    await withColdServer(ctx, source, {}, async (server, hash, film) => {
      const t0 = epochMs();
      const playlist = `${server.baseUrl}/hls/${hash}/${film.id}/playlist.m3u8`;
      await segment(new URL(firstUri(await text(playlist)), playlist).href);
      r.muxedFirstSegmentS.push((epochMs() - t0) / 1000);
    });
    await withColdServer(ctx, source, SUBTITLE_ENV, async (server, hash, film, files) => {
      const sidecar = files.find((file) => file.name.endsWith('.srt'))!;
      r.filmBytes = film.size;
      r.sidecarBytes = sidecar.size;
      const ids = { embedded: film.subtitles!.find((s) => s.source === 'embedded')!.id, sidecar: film.subtitles!.find((s) => s.source === 'sidecar')!.id };
      const baseline = await settledDownloaded(server);
      r.baselineBytes.push(baseline);
      await text(`${server.baseUrl}/subtitles/${hash}/${film.id}/${ids.sidecar}.vtt`);
      const afterSidecar = await settledDownloaded(server);
      r.sidecarDownloadedBytes.push(afterSidecar - baseline);
      const t0 = epochMs();
      await text(`${server.baseUrl}/subtitles/${hash}/${film.id}/${ids.embedded}.vtt`);
      r.embeddedWholeS.push((epochMs() - t0) / 1000);
      r.embeddedWholeBytes.push((await settledDownloaded(server)) - afterSidecar);
    });
    await withColdServer(ctx, source, SUBTITLE_ENV, async (server, hash, film) => {
      const embedded = film.subtitles!.find((s) => s.source === 'embedded')!.id;
      const playlistUrl = `${server.baseUrl}/hls/${hash}/${film.id}/subtitles/${embedded}/playlist.m3u8`;
      const uris = (await text(playlistUrl)).split('\n').filter((line) => line && !line.startsWith('#'));
      const baseline = await settledDownloaded(server);
      const t0 = epochMs();
      await text(new URL(uris[Math.floor(uris.length / 2)], playlistUrl).href);
      r.windowS.push((epochMs() - t0) / 1000);
      const afterFirst = await settledDownloaded(server);
      r.windowBytes.push(afterFirst - baseline);
      await text(new URL(uris[Math.floor(uris.length * 0.75)], playlistUrl).href);
      r.secondWindowBytes.push((await settledDownloaded(server)) - afterFirst);
    });
    ctx.log(
      `  HLS tracks rep ${rep + 1}: first segment two audio ${r.twoAudioFirstSegmentS.at(-1)?.toFixed(2)} s, ` +
        `muxed ${r.muxedFirstSegmentS.at(-1)?.toFixed(2)} s; subtitle bytes (film ${mb(r.filmBytes)}): ` +
        `whole embedded ${mb(r.embeddedWholeBytes.at(-1))} in ${r.embeddedWholeS.at(-1)?.toFixed(2)} s, ` +
        `one HLS window ${mb(r.windowBytes.at(-1))}, a second one ${mb(r.secondWindowBytes.at(-1))}, sidecar ${r.sidecarDownloadedBytes.at(-1)} B of ${r.sidecarBytes} B ` +
        `(before any: ${mb(r.baselineBytes.at(-1))})`,
    );
  }
  return { metrics: metricsOf(r), details: { tracks: r } };
}

function metricsOf(r: TracksResult): Metric[] {
  const seconds = (key: string, label: string, values: number[]): Metric => ({
    key, measure: 6, label, unit: 's', better: 'lower', digits: 2, us: summarize(values), samples: { us: values },
  });
  const megabytes = (key: string, label: string, values: number[]): Metric => {
    const mbs = values.map((v) => v / 1_000_000);
    return { key, measure: 6, label, unit: 'MB', better: 'lower', digits: 2, noRatio: true, us: summarize(mbs), samples: { us: mbs } };
  };
  const film = `${(r.filmBytes / 1_000_000).toFixed(0)} MB film, ${SUBTITLE_RATE_LIMIT}/s`;
  return [
    seconds('hls_two_audio_first_segment_s', 'HLS two audio renditions: master → video + audio segment 0', r.twoAudioFirstSegmentS),
    seconds('hls_two_audio_muxed_first_segment_s', 'HLS same file, muxed single audio: playlist → segment 0', r.muxedFirstSegmentS),
    megabytes('subtitle_embedded_whole_mb', `Subtitle .vtt, whole embedded track: downloaded (${film})`, r.embeddedWholeBytes),
    seconds('subtitle_embedded_whole_s', 'Subtitle .vtt, whole embedded track: time', r.embeddedWholeS),
    megabytes('subtitle_window_mb', `HLS subtitle segment at 50 %: downloaded (${film})`, r.windowBytes),
    megabytes('subtitle_second_window_mb', `HLS subtitle segment at 75 %, after the one at 50 %: downloaded`, r.secondWindowBytes),
    megabytes('subtitle_sidecar_mb', `Subtitle .vtt, sidecar (${r.sidecarBytes} B file): downloaded beyond the baseline`, r.sidecarDownloadedBytes),
    megabytes('subtitle_baseline_mb', 'Before any subtitle request (metadata, probe, hot head and tail)', r.baselineBytes),
  ];
}

async function withColdServer(
  ctx: BenchContext,
  source: TracksSource,
  env: Record<string, string>,
  body: (server: ServerProcess, infoHash: string, film: TorrentFile, files: TorrentFile[]) => Promise<void>,
): Promise<void> {
  const server = await startServer({ trackers: [ctx.tracker.announceUrl], cpuProfDir: ctx.config.cpuProfDir, env });
  try {
    await server.addMagnet(source.seeder.magnetURI);
    // the GET answer carries the tracks (the probe)
    const torrent = JSON.parse(await text(`${server.baseUrl}/torrent/${source.seeder.infoHash}`)) as { files: TorrentFile[] };
    const film = torrent.files.find((file) => file.name.endsWith('.mkv'));
    if (!film?.subtitles) throw new Error(`no film with subtitles in ${JSON.stringify(torrent.files)}`);
    await body(server, source.seeder.infoHash, film, torrent.files);
    server.assertLoopbackOnly();
  } finally {
    await server.stop();
  }
}

/** Bytes received from peers once nothing more arrives for 2 s (the hot edges fetch with idle bandwidth). */
async function settledDownloaded(server: ServerProcess): Promise<number> {
  let last = -1;
  let stableSince = epochMs();
  for (;;) {
    const metrics = await text(`${server.baseUrl}/metrics`);
    const value = Number(/^todp2m_downloaded_bytes_total (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(metrics)?.[1]);
    if (!Number.isFinite(value)) throw new Error('no todp2m_downloaded_bytes_total in /metrics');
    if (value !== last) {
      last = value;
      stableSince = epochMs();
    } else if (epochMs() - stableSince >= 2_000) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function text(url: string): Promise<string> {
  const response = await timedGet(url, { keepBody: true, timeoutMs: 300_000 });
  const body = response.body?.toString('utf8') ?? '';
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 200)}`);
  return body;
}

async function segment(url: string): Promise<void> {
  const response = await timedGet(url, { timeoutMs: 120_000 });
  if (response.status !== 200 || response.bytes === 0) throw new Error(`segment ${url} answered ${response.status} (${response.bytes} bytes)`);
}

const firstUri = (playlist: string) => playlist.split('\n').find((line) => line && !line.startsWith('#')) ?? '';
const mb = (bytes: number | undefined) => `${((bytes ?? 0) / 1_000_000).toFixed(2)} MB`;
