import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './helpers/files.ts';
import { makeH264AacMp4, makeMp3, makeMpeg4Mkv, makeMpegTs, npmFfprobePath } from './helpers/media.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { decodeAll, mediaDuration, probeSegment } from './support/ffprobe.js';
import { parseMediaPlaylist, sum } from './support/playlist.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SEGMENT_SECONDS = 6;

interface MediaFile {
  id: number;
  source: string;
  duration: number;
}

describe('HLS over a loopback swarm', () => {
  let dir: string;
  let swarm: Swarm;
  let server: TestApp;
  const media: Record<string, MediaFile> = {};

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-hls');
    const root = join(dir, 'media');
    await Promise.all([
      makeH264AacMp4(join(root, 'remux.mp4'), { seconds: 60, moovAtEnd: true, gopSeconds: 2 }),
      makeMpeg4Mkv(join(root, 'reencode.mkv'), { seconds: 30 }),
      makeMp3(join(root, 'song.mp3'), { seconds: 30 }),
      makeMpegTs(join(root, 'clip.ts'), { seconds: 12 }),
    ]);
    await writeFile(join(root, 'notes.txt'), 'not media\n');
    swarm = await startSwarm({ paths: [root], pieceLength: 256 * 1024 });
    server = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: SEGMENT_SECONDS });
    const torrent = (await (await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`)).json()) as {
      files: { id: number; name: string; path: string }[];
    };
    for (const file of torrent.files) {
      const source = swarm.sourcePathOf(file.path);
      const duration = file.name.endsWith('.txt') ? 0 : await mediaDuration(source);
      media[file.name] = { id: file.id, source, duration };
    }
  });

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
    if (dir) await removeDir(dir);
  });

  const url = (name: string, tail: string) => `${server.baseUrl}/hls/${swarm.infoHash}/${media[name].id}/${tail}`;

  async function playlistOf(name: string) {
    const response = await fetch(url(name, 'playlist.m3u8'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    const text = await response.text();
    return { text, ...parseMediaPlaylist(text) };
  }

  async function fetchSegment(name: string, index: number): Promise<string> {
    const response = await fetch(url(name, `${index}.ts`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp2t');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('cache-control')).toContain('immutable');
    const path = join(dir, `${name}-${index}.ts`);
    await writeFile(path, bytes);
    return path;
  }

  it.each(['remux.mp4', 'reencode.mkv'])('%s: a truthful VOD playlist and keyframe-aligned, continuous segments', async (name) => {
    const { text, durations, uris } = await playlistOf(name);
    for (const tag of ['#EXTM3U', '#EXT-X-VERSION:', '#EXT-X-TARGETDURATION:', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-ENDLIST']) {
      expect(text).toContain(tag);
    }
    expect(uris).toEqual(durations.map((_, i) => `${i}.ts`));
    const target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)![1]);
    expect(Math.max(...durations)).toBeLessThanOrEqual(target);
    expect(Math.abs(sum(durations) - media[name].duration)).toBeLessThan(0.5);

    const picks = [0, 1, 2, durations.length - 1];
    const probes = [];
    for (const index of picks) probes.push(await probeSegment(await fetchSegment(name, index)));
    for (const [i, probe] of probes.entries()) {
      expect(probe.formatName).toBe('mpegts');
      expect(probe.codecs).toEqual(['aac', 'h264']);
      expect(probe.firstVideoFrameIsKey).toBe(true);
      const expectedOffset = sum(durations.slice(0, picks[i]));
      expect(Math.abs(probe.startTime - probes[0].startTime - expectedOffset)).toBeLessThan(0.1);
    }
  });

  it('remux.mp4: a master playlist with BANDWIDTH, CODECS and RESOLUTION', async () => {
    const response = await fetch(url('remux.mp4', 'master.m3u8'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    const text = await response.text();
    expect(text).toMatch(/#EXT-X-STREAM-INF:.*BANDWIDTH=\d+/);
    expect(text).toMatch(/CODECS="avc1\.[0-9a-fA-F]{6},mp4a\.40\.2"/);
    expect(text).toMatch(/RESOLUTION=320x180/);
    expect(text).toContain('\nplaylist.m3u8');
  });

  it('song.mp3: audio-only AAC segments', async () => {
    const { durations } = await playlistOf('song.mp3');
    expect(Math.abs(sum(durations) - media['song.mp3'].duration)).toBeLessThan(0.5);
    const first = await probeSegment(await fetchSegment('song.mp3', 0));
    const second = await probeSegment(await fetchSegment('song.mp3', 1));
    expect(first.formatName).toBe('mpegts');
    expect(first.codecs).toEqual(['aac']);
    expect(Math.abs(second.startTime - first.startTime - durations[0])).toBeLessThan(0.1);
  });

  it('ffmpeg decodes the whole playlist with no errors and the right duration', async () => {
    const { errors, seconds } = await decodeAll(url('remux.mp4', 'playlist.m3u8'));
    expect(errors).toBe('');
    expect(Math.abs(seconds - media['remux.mp4'].duration)).toBeLessThan(0.5);
  });

  it('serves a cold segment at 70 % of a file', async () => {
    const { durations } = await playlistOf('clip.ts');
    const index = Math.floor(durations.length * 0.7);
    const probe = await probeSegment(await fetchSegment('clip.ts', index));
    expect(probe.codecs).toEqual(['aac', 'h264']);
    expect(probe.firstVideoFrameIsKey).toBe(true);
  });

  describe('errors are 4xx JSON', () => {
    it.each([
      ['a file that is not media', () => url('notes.txt', 'playlist.m3u8'), 415],
      ['a segment of a file that is not media', () => url('notes.txt', '0.ts'), 415],
      ['a word as segment id', () => url('remux.mp4', 'abc.ts'), 400],
      ['a negative segment id', () => url('remux.mp4', '-1.ts'), 400],
      ['a fractional segment id', () => url('remux.mp4', '1.5.ts'), 400],
      ['a segment past the end', () => url('remux.mp4', '999.ts'), 404],
      ['a file id past the list', () => `${server.baseUrl}/hls/${swarm.infoHash}/99/playlist.m3u8`, 404],
      ['a bad file id', () => `${server.baseUrl}/hls/${swarm.infoHash}/x/master.m3u8`, 400],
      ['a bad info hash', () => `${server.baseUrl}/hls/nothex/0/playlist.m3u8`, 400],
    ])('%s → %d', async (_label, target, status) => {
      const response = await fetch(target());
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ statusCode: status, error: expect.any(String) });
    });
  });

  it('answers 503 with Retry-After past hls_max_processes, and a client abort stops its run', async () => {
    const capped = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: SEGMENT_SECONDS, hls_max_processes: 1 });
    try {
      const base = `${capped.baseUrl}/hls/${swarm.infoHash}`;
      // probe both first, so the race below is between ffmpeg runs only
      for (const name of ['reencode.mkv', 'remux.mp4']) {
        expect((await fetch(`${base}/${media[name].id}/playlist.m3u8`)).status).toBe(200);
      }
      const abort = new AbortController();
      const busy = fetch(`${base}/${media['reencode.mkv'].id}/4.ts`, { signal: abort.signal }).catch(() => undefined);
      const hlsRuns = async () =>
        ((await (await fetch(`${capped.baseUrl}/stats`)).json()) as { activeHlsRuns: number }).activeHlsRuns;
      await expect.poll(hlsRuns, { interval: 20 }).toBe(1);
      const refused = await fetch(`${base}/${media['remux.mp4'].id}/3.ts`);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toEqual({ statusCode: 503, error: expect.any(String) });

      abort.abort();
      await busy;
      await expect.poll(hlsRuns, { timeout: 5_000 }).toBe(0);
      // the slot is free again
      expect((await fetch(`${base}/${media['remux.mp4'].id}/3.ts`)).status).toBe(200);
    } finally {
      await capped.close();
    }
  });

  it('probes an MPEG-TS source without crashing even with the npm ffprobe', async () => {
    const npmProbe = await npmFfprobePath();
    const withNpmProbe = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: SEGMENT_SECONDS, ffprobe_path: npmProbe });
    try {
      const response = await fetch(`${withNpmProbe.baseUrl}/hls/${swarm.infoHash}/${media['clip.ts'].id}/playlist.m3u8`);
      expect(response.status).toBe(200);
      const { durations } = parseMediaPlaylist(await response.text());
      expect(Math.abs(sum(durations) - media['clip.ts'].duration)).toBeLessThan(0.5);
      expect((await fetch(`${withNpmProbe.baseUrl}/health`)).status).toBe(200);
    } finally {
      await withNpmProbe.close();
    }
  });

  it('deletes a torrent\'s segments with the torrent', async () => {
    const { existsSync } = await import('node:fs');
    const hlsDir = join(server.nodeDir, 'hls', swarm.infoHash);
    await fetchSegment('song.mp3', 0); // its own segment: no earlier test's needed
    expect(existsSync(hlsDir)).toBe(true);
    expect((await fetch(`${server.baseUrl}/torrent/${swarm.infoHash}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(hlsDir)).toBe(false);
  });
});
