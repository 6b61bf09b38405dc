import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writeRandomFile } from './helpers/files.ts';
import { makeH264AacMp4 } from './helpers/media.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { scrape } from './support/prometheus.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface TorrentBody {
  files: { id: number; name: string; size: number; streamUrl: string; hlsUrl?: string }[];
}

describe('Prometheus metrics, /stats playback and readiness', () => {
  let dir: string;
  let swarm: Swarm;
  let server: TestApp;
  let torrent: TorrentBody;

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-metrics');
    await makeH264AacMp4(join(dir, 'media', 'clip.mp4'), { seconds: 12, gopSeconds: 2 });
    swarm = await startSwarm({ paths: [join(dir, 'media')], pieceLength: 64 * 1024 });
    server = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: 4 });
    torrent = (await (await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`)).json()) as TorrentBody;
  });

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
    if (dir) await removeDir(dir);
  });

  it('after a stream and an HLS session, /metrics parses and its counters moved', async () => {
    const [file] = torrent.files;
    const before = await scrape(server.baseUrl);
    expect(before.value('todp2m_stream_first_byte_seconds', { kind: 'range' })).toBe(0);

    const body = await (await fetch(file.streamUrl)).arrayBuffer();
    expect(body.byteLength).toBe(file.size);
    const master = await fetch(file.hlsUrl!);
    expect(master.status).toBe(200);
    const playlist = await (await fetch(new URL('playlist.m3u8', file.hlsUrl))).text();
    for (const uri of playlist.split('\n').filter((line) => line.endsWith('.ts')).slice(0, 2)) {
      const segment = await fetch(new URL(uri, file.hlsUrl));
      expect(segment.status).toBe(200);
      await segment.arrayBuffer();
    }
    expect((await fetch(`${server.baseUrl}/hls/${swarm.infoHash}/${file.id}/999.ts`)).status).toBe(404);

    const after = await scrape(server.baseUrl);
    // process defaults
    expect(after.value('todp2m_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after.value('todp2m_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    // viewer numbers, byte-range and HLS apart
    expect(after.value('todp2m_stream_first_byte_seconds', { kind: 'range' })).toBe(1);
    expect(after.value('todp2m_stream_first_byte_seconds', { kind: 'hls' })).toBeGreaterThanOrEqual(4);
    // the libs' numbers
    expect(after.value('todp2m_torrents')).toBe(1);
    expect(after.value('todp2m_torrents_limit')).toBe(server.config.cacheSize);
    expect(after.value('todp2m_downloaded_bytes_total')).toBeGreaterThanOrEqual(file.size);
    expect(after.value('todp2m_disk_used_bytes')).toBeGreaterThan(0);
    expect(after.value('todp2m_ffmpeg_runs_started_total')).toBeGreaterThanOrEqual(1);
    expect(after.value('todp2m_hls_segment_production_seconds')).toBeGreaterThanOrEqual(2);
    expect(after.families.get('todp2m_evictions_total')?.type).toBe('COUNTER');
    expect(after.families.get('todp2m_idle_cleanups_total')?.type).toBe('COUNTER');
    expect(after.families.get('todp2m_hls_unavailable_total')?.type).toBe('COUNTER');

    // route labels are templates: no info hash ever becomes a label value
    const routes = after.labelValues('todp2m_http_request_duration_seconds', 'route');
    expect(routes).toEqual(
      expect.arrayContaining([
        '/torrent/:infoHash',
        '/stream/:infoHash/:fileId',
        '/hls/:infoHash/:fileId/master.m3u8',
        '/hls/:infoHash/:fileId/playlist.m3u8',
        '/hls/:infoHash/:fileId/:segment.ts',
      ]),
    );
    expect(after.text).not.toContain(swarm.infoHash);
    expect(
      after.value('todp2m_http_request_duration_seconds', { route: '/hls/:infoHash/:fileId/:segment.ts', method: 'GET', status_class: '4xx' }),
    ).toBe(1);
    expect(after.value('todp2m_http_request_duration_seconds', { route: '/stream/:infoHash/:fileId', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
  });

  it('/stats shows recent time-to-first-byte and stall percentiles', async () => {
    const stats = (await (await fetch(`${server.baseUrl}/stats`)).json()) as {
      playback: { windowSeconds: number; firstByteMs: Record<string, { count: number; p50: number; p99: number }>; stallSeconds: Record<string, { count: number }> };
    };
    expect(stats.playback.windowSeconds).toBe(600);
    expect(stats.playback.firstByteMs.range.count).toBeGreaterThanOrEqual(1);
    expect(stats.playback.firstByteMs.range.p50).toBeGreaterThan(0);
    expect(stats.playback.firstByteMs.hls.count).toBeGreaterThanOrEqual(4);
    expect(stats.playback.firstByteMs.hls.p99).toBeGreaterThanOrEqual(stats.playback.firstByteMs.hls.p50);
    expect(stats.playback.stallSeconds.range).toMatchObject({ count: expect.any(Number) });
  });

  it('/health/ready is 200 with every check up; /health stays liveness', async () => {
    const ready = await fetch(`${server.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { torrent_engine: 'up', data_dir: 'up', disk_budget: 'up', ffmpeg: 'up', draining: 'up' },
    });
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  });

  it('/health/ready is 503 naming the failing check when ffmpeg cannot run', async () => {
    const broken = await startTestApp({ ffmpeg_path: join(dir, 'no-such-ffmpeg') });
    try {
      const ready = await fetch(`${broken.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { statusCode: number; error: string };
      expect(body.statusCode).toBe(503);
      expect(body.error).toMatch(/^not ready: ffmpeg: not runnable: .*no-such-ffmpeg/);
      expect(body.error).not.toContain('data_dir');
      expect((await fetch(`${broken.baseUrl}/health`)).status).toBe(200);
    } finally {
      await broken.close();
    }
  });
});

describe('readiness failures', () => {
  it('503 names data_dir when it cannot be written, and recovers when it can', async () => {
    const server = await startTestApp();
    try {
      // a file where the directory was: every write under it fails (root ignores permissions)
      await rm(server.dataDir, { recursive: true, force: true });
      await writeFile(server.dataDir, 'not a directory');
      const ready = await fetch(`${server.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: string }).error).toMatch(/^not ready: data_dir: .* is not writable \(ENOTDIR\)$/);
      await rm(server.dataDir, { force: true });
      await mkdir(server.dataDir);
      expect((await fetch(`${server.baseUrl}/health/ready`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('503 names disk_budget when usage is over max_disk_usage and nothing is idle to evict', async () => {
    // data the budget counts (a kept file under data_dir) over a budget of 64 KiB, and no torrent to evict
    const dataDir = await makeTempDir('tod-p2m-ready-disk');
    await writeRandomFile(join(dataDir, 'kept.bin'), 256 * 1024, 'kept');
    const server = await startTestApp({ data_dir: dataDir, max_disk_usage: '64KB' });
    try {
      const ready = await fetch(`${server.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: string }).error).toMatch(/^not ready: disk_budget: max_disk_usage is used up \(\d+ of 65536 bytes\)/);
    } finally {
      await server.close();
      await removeDir(dataDir);
    }
  });
});

describe('stall metric on a throttled swarm', () => {
  let dir: string;
  let swarm: Swarm;
  let server: TestApp;

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-stall');
    await writeRandomFile(join(dir, 'slow', 'slow.bin'), 1536 * 1024, 'stall');
    // 512 KiB pieces at 200 KiB/s: each piece takes ~2.5 s, so a reader waits > 1 s between them
    swarm = await startSwarm({ paths: [join(dir, 'slow')], pieceLength: 512 * 1024, uploadLimit: 200 * 1024 });
    server = await startTestApp({ trackers: [swarm.announceUrl] });
  });

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
    if (dir) await removeDir(dir);
  });

  it('a stream that waits for pieces while the client reads counts stalls and their seconds', async () => {
    const torrent = (await (await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`)).json()) as TorrentBody;
    const [file] = torrent.files;
    const body = await (await fetch(file.streamUrl)).arrayBuffer();
    expect(body.byteLength).toBe(file.size);

    const metrics = await scrape(server.baseUrl);
    const stalls = metrics.value('todp2m_stream_stalls_total', { kind: 'range' });
    expect(stalls).toBeGreaterThanOrEqual(1);
    expect(metrics.value('todp2m_stream_stall_seconds_total', { kind: 'range' })).toBeGreaterThan(stalls);
    const stats = (await (await fetch(`${server.baseUrl}/stats`)).json()) as {
      playback: { stallSeconds: { range: { count: number; p50: number } } };
    };
    expect(stats.playback.stallSeconds.range.count).toBe(stalls);
    expect(stats.playback.stallSeconds.range.p50).toBeGreaterThan(1);
  });
});
