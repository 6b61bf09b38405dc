import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsService } from '../apps/api/src/events/events.service.js';
import { makeTempDir, removeDir, writeRandomFile } from './helpers/files.ts';
import { makeH264AacMp4 } from './helpers/media.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { openSse } from './support/sse.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

/** Non-blocking adds (202), live progress over Server-Sent Events, and preload windows. */
describe('non-blocking adds, events and preload', () => {
  let dir: string;
  let swarm: Swarm;
  let server: TestApp;
  const url = (path: string) => `${server.baseUrl}${path}`;
  const lonelyHash = () => randomBytes(20).toString('hex');

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-events');
    const root = join(dir, 'Films');
    await makeH264AacMp4(join(root, 'clip.mp4'), { seconds: 12, size: '320x180', fps: 24, gopSeconds: 2 });
    await writeRandomFile(join(root, 'big.bin'), 6 * 1024 * 1024, 'big.bin');
    swarm = await startSwarm({ paths: [root], pieceLength: 64 * 1024 });
    server = await startTestApp({ trackers: [swarm.announceUrl], torrent_timeout: '2s' });
  });

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
    if (dir) await removeDir(dir);
  });

  it('answers 202 with ready:false, Location and the info hash to Prefer: respond-async and ?wait=false', async () => {
    const hash = lonelyHash();
    const posted = await fetch(url('/torrents'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'respond-async' },
      body: JSON.stringify({ infoHash: hash }),
    });
    expect(posted.status).toBe(202);
    expect(posted.headers.get('location')).toBe(url(`/torrent/${hash}`));
    expect(posted.headers.get('preference-applied')).toBe('respond-async');
    const body = (await posted.json()) as { name?: string };
    expect(body).toMatchObject({ infoHash: hash, ready: false, files: [], eventsUrl: url(`/torrent/${hash}/events`) });
    expect(body.name).toBeUndefined();

    const got = await fetch(url(`/torrent/${hash}?wait=false`));
    expect(got.status).toBe(202);
    expect(await got.json()).toMatchObject({ infoHash: hash, ready: false });
    // the blocking default still waits up to torrent_timeout
    expect((await fetch(url(`/torrent/${hash}`))).status).toBe(504);
    expect((await fetch(url(`/torrent/${hash}?wait=soon`))).status).toBe(400);
    expect((await fetch(url(`/torrent/${hash}`), { method: 'DELETE' })).status).toBe(204);

    // a torrent whose metadata is in answers in full even when asked not to wait
    const ready = await fetch(url(`/torrents?wait=false`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ magnet: swarm.magnetURI }),
    });
    expect([201, 202]).toContain(ready.status);
    await ready.json();
  });

  it('streams metadata and about one progress event a second, and closes with the client', async () => {
    const events = server.app.get(EventsService);
    const sse = await openSse(url(`/torrent/${swarm.infoHash}/events`));
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const seen = await sse.until((event) => event.event === 'metadata');
    expect(seen.at(-1)!.data).toMatchObject({ infoHash: swarm.infoHash, name: 'Films', ready: true });
    expect(seen.at(-1)!.data.files.map((file: { name: string }) => file.name).sort()).toEqual(['big.bin', 'clip.mp4']);
    const started = Date.now();
    const progress = await sse.until((event) => event.event === 'progress' && Date.now() - started > 1500);
    const last = progress.at(-1)!.data;
    expect(last).toMatchObject({ infoHash: swarm.infoHash, ready: true, peers: expect.any(Number), downloadSpeed: expect.any(Number) });
    expect(last.files).toHaveLength(2);
    expect(last.files[0]).toEqual({ id: 0, progress: expect.any(Number) });
    // ~1/s: two seconds bring two or three, not dozens
    expect(progress.filter((event) => event.event === 'progress').length).toBeLessThan(5);
    expect(events.activeStreams).toBe(1);
    sse.close();
    await expect.poll(() => events.activeStreams, { timeout: 5_000 }).toBe(0);
  });

  it('adds an unknown hash, reports a metadata timeout as an error event, and a removal ends the stream', async () => {
    const hash = lonelyHash();
    const sse = await openSse(url(`/torrent/${hash}/events`));
    expect(sse.status).toBe(200);
    const first = await sse.next();
    expect(first).toMatchObject({ event: 'progress', data: { infoHash: hash, ready: false, files: [] } });
    const timedOut = await sse.until((event) => event.event === 'error', 10_000);
    expect(timedOut.at(-1)!.data).toMatchObject({ statusCode: 504, error: expect.stringContaining('no metadata') });
    expect((await fetch(url(`/torrent/${hash}`), { method: 'DELETE' })).status).toBe(204);
    const removed = await sse.until((event) => event.event === 'removed', 5_000);
    expect(removed.at(-1)!.data).toEqual({ infoHash: hash });
    expect(await sse.next()).toBeNull();
    sse.close();
  });

  it('refuses a bad info hash on events with a 400 JSON', async () => {
    const response = await fetch(url('/torrent/nothex/events'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400 });
  });

  it('preloads a byte window, shows its progress in the events, and refuses bad windows', async () => {
    const bigId = 0; // big.bin sorts before clip.mp4 in the torrent
    const torrent = (await (await fetch(url(`/torrent/${swarm.infoHash}`))).json()) as { files: { name: string; size: number }[] };
    expect(torrent.files[bigId].name).toBe('big.bin');
    const size = torrent.files[bigId].size;
    const from = 4 * 1024 * 1024;
    const sse = await openSse(url(`/torrent/${swarm.infoHash}/events`));
    const response = await fetch(url(`/torrent/${swarm.infoHash}/files/${bigId}/preload`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, bytes: 1024 * 1024 }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ fileId: bigId, from, to: from + 1024 * 1024 - 1, bytes: 1024 * 1024 });
    const done = await sse.until(
      (event) => event.event === 'progress' && event.data.preloads.some((p: { from: number; done: boolean }) => p.from === from && p.done),
      20_000,
    );
    const window = done.at(-1)!.data.preloads.find((p: { from: number }) => p.from === from);
    expect(window).toMatchObject({ fileId: bigId, fetched: 1024 * 1024, done: true });
    expect(done.at(-1)?.data.files[bigId].progress).toBeGreaterThan(0);
    sse.close();
    // the window is on disk: reading it back needs no peer
    const back = await fetch(url(`/stream/${swarm.infoHash}/${bigId}`), { headers: { Range: `bytes=${from}-${from + 9}` } });
    expect(back.status).toBe(206);
    await back.arrayBuffer();

    const post = (fileId: number, body: unknown) =>
      fetch(url(`/torrent/${swarm.infoHash}/files/${fileId}/preload`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const cases: [number, unknown, number][] = [
      [bigId, { from: size }, 416],
      [bigId, { from: size + 100, bytes: 10 }, 416],
      [bigId, { from: 0, seconds: 1 }, 422],
      [bigId, {}, 422],
      [bigId, { from: 'x' }, 400],
      [bigId, { from: -1 }, 400],
      [bigId, { from: 0, bytes: 2 ** 31 }, 400],
      [99, { from: 0 }, 404],
    ];
    for (const [fileId, body, status] of cases) {
      const answer = await post(fileId, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(await answer.json(), JSON.stringify(body)).toMatchObject({ statusCode: status, error: expect.any(String) });
    }
    const pastEnd = await post(bigId, { from: size });
    expect(pastEnd.headers.get('content-range')).toBe(`bytes */${size}`);
    await pastEnd.arrayBuffer();
  });

  it('preloads from a media time (a resume position), mapped by the average bitrate', async () => {
    const clipId = 1;
    const size = (await stat(swarm.sourcePathOf('Films/clip.mp4'))).size;
    const response = await fetch(url(`/torrent/${swarm.infoHash}/files/${clipId}/preload`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 6, bytes: 65_536 }),
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as { from: number; bytes: number };
    // 6 s of a 12 s file starts about halfway
    expect(job.from / size).toBeGreaterThan(0.4);
    expect(job.from / size).toBeLessThan(0.6);
    expect(job.bytes).toBe(65_536);
    const past = await fetch(url(`/torrent/${swarm.infoHash}/files/${clipId}/preload`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 60 }),
    });
    expect(past.status).toBe(416);
    expect(await past.json()).toMatchObject({ statusCode: 416 });
  });
});
