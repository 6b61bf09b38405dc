import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import parseTorrent from 'parse-torrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir, writeRandomFile } from './helpers/files.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { typeCheckAgainstClient } from './support/generated-client.ts';
import { freePort, runBuiltServer, waitHealthy, type Running } from './support/built-server.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

interface FileBody {
  id: number;
  name: string;
  path: string;
  streamUrl: string;
}

/**
 * The URLs and headers players, TVs and other clients rely on: stream URLs with the file
 * name in the path, DLNA headers, M3U playlists, the .torrent file, and JSON on every error.
 */
describe('player-friendly URLs, DLNA headers, M3U and .torrent', () => {
  let dir: string;
  let swarm: Swarm;
  let server: TestApp;
  let files: FileBody[];
  const h = () => swarm.infoHash;
  const url = (path: string) => `${server.baseUrl}${path}`;
  const byName = (name: string) => files.find((file) => file.name === name)!;

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-player-urls');
    const root = join(dir, 'Show');
    // written out of order, so the torrent's own order is not the natural one
    for (const name of ['Show ep10.mp4', 'Show ep2.mp4', 'Show ep1.mkv', 'notes.txt']) {
      await writeRandomFile(join(root, name), 300_000, name);
    }
    swarm = await startSwarm({ paths: [root] });
    server = await startTestApp({ trackers: [swarm.announceUrl], torrent_timeout: '10s' });
    const body = (await (await fetch(url(`/torrent/${h()}`))).json()) as { files: FileBody[] };
    files = body.files;
  });

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
    if (dir) await removeDir(dir);
  });

  it('hands out stream URLs with the file name, which serve the file whatever the name says', async () => {
    const ep2 = byName('Show ep2.mp4');
    expect(ep2.streamUrl).toBe(url(`/stream/${h()}/${ep2.id}/Show%20ep2.mp4`));
    const source = await readFile(swarm.sourcePathOf(ep2.path));
    const named = await fetch(ep2.streamUrl);
    expect(named.status).toBe(200);
    expect(named.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await named.arrayBuffer()).equals(source)).toBe(true);
    // players mangle names: a wrong one still serves the file id's file
    const mangled = await fetch(url(`/stream/${h()}/${ep2.id}/whatever.mkv`), { headers: { Range: 'bytes=0-99' } });
    expect(mangled.status).toBe(206);
    expect(Buffer.from(await mangled.arrayBuffer()).equals(source.subarray(0, 100))).toBe(true);
    const head = await fetch(ep2.streamUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(source.length));
  });

  it('answers every client error with JSON: unknown file id, blank or padded params, 416', async () => {
    const cases: [string, number, RequestInit?][] = [
      [`/stream/${h()}/99/movie.mp4`, 404],
      [`/stream/${h()}/%20`, 400],
      [`/stream/${h()}/%200`, 400],
      [`/stream/${h()}/0/%20`, 400],
      [`/stream/${h()}/0/%20name.mp4`, 400],
      [`/stream/%20${h()}/0`, 400],
      [`/stream/${h()}/0/a.mp4`, 416, { headers: { Range: 'bytes=999999999-' } }],
      [`/playlist/nothex.m3u`, 400],
      [`/torrent/nothex.torrent`, 400],
    ];
    for (const [path, status, init] of cases) {
      const response = await fetch(url(path), init);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type'), path).toMatch(/application\/json/);
      expect(await response.json(), path).toMatchObject({ statusCode: status, error: expect.any(String) });
    }
    const past = await fetch(url(`/stream/${h()}/0/a.mp4`), { headers: { Range: 'bytes=999999999-' } });
    expect(past.headers.get('content-range')).toBe('bytes */300000');
  });

  it('sends DLNA headers, answers getcontentFeatures.dlna.org: 1, refuses bad DLNA requests', async () => {
    const ep1 = byName('Show ep1.mkv');
    const plain = await fetch(ep1.streamUrl, { method: 'HEAD' });
    expect(plain.headers.get('transfermode.dlna.org')).toBe('Streaming');
    const features = 'DLNA.ORG_OP=01;DLNA.ORG_CI=0;DLNA.ORG_FLAGS=01700000000000000000000000000000';
    expect(plain.headers.get('contentfeatures.dlna.org')).toBe(features);
    const asked = await fetch(ep1.streamUrl, {
      headers: { 'getcontentFeatures.dlna.org': '1', 'transferMode.dlna.org': 'Streaming', Range: 'bytes=0-9' },
    });
    expect(asked.status).toBe(206);
    expect(asked.headers.get('contentfeatures.dlna.org')).toBe(features);
    await asked.arrayBuffer();
    const bad = await fetch(ep1.streamUrl, { headers: { 'getcontentFeatures.dlna.org': '2' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ statusCode: 400 });
    const interactive = await fetch(ep1.streamUrl, { headers: { 'transferMode.dlna.org': 'Interactive' } });
    expect(interactive.status).toBe(406);
    expect(await interactive.json()).toMatchObject({ statusCode: 406 });
    const text = await fetch(byName('notes.txt').streamUrl, { method: 'HEAD' });
    expect(text.headers.get('transfermode.dlna.org')).toBe('Background');
  });

  it("lists one torrent's media files in natural order as M3U", async () => {
    const response = await fetch(url(`/playlist/${h().toUpperCase()}.m3u`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^audio\/x-mpegurl/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Show.m3u"');
    const names = ['Show ep1.mkv', 'Show ep2.mp4', 'Show ep10.mp4'];
    const expected =
      ['#EXTM3U', ...names.flatMap((name) => [`#EXTINF:-1,${name}`, byName(name).streamUrl])].join('\n') + '\n';
    expect(await response.text()).toBe(expected);
    // the entries are real: a player can open them
    const first = await fetch(byName('Show ep1.mkv').streamUrl, { headers: { Range: 'bytes=0-0' } });
    expect(first.status).toBe(206);
    await first.arrayBuffer();
  });

  it('lists every media file of every torrent held in /playlist.m3u', async () => {
    const response = await fetch(url('/playlist.m3u'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^audio\/x-mpegurl/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.m3u"$/);
    const lines = (await response.text()).trim().split('\n');
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines.filter((line) => line.startsWith('http'))).toEqual(
      ['Show ep1.mkv', 'Show ep2.mp4', 'Show ep10.mp4'].map((name) => byName(name).streamUrl),
    );
  });

  it('serves the metainfo as application/x-bittorrent', async () => {
    const response = await fetch(url(`/torrent/${h()}.torrent`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-bittorrent');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${h()}.torrent"`);
    const parsed = await parseTorrent(Buffer.from(await response.arrayBuffer()));
    expect(parsed.infoHash).toBe(h());
    expect((parsed.files as { length: number }[]).length).toBe(4);
  });
});

/** The built server: only `nest build` runs the Swagger plugin that turns DTOs into schemas. */
describe('OpenAPI of the built server: distinct torrent schemas', () => {
  let cwd: string;
  let base: string;
  let running: Running | undefined;
  beforeAll(async () => {
    cwd = await makeTempDir('tod-p2m-openapi');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    running = runBuiltServer(
      { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(cwd, 'data'), TORRENT_PORT: '0' },
      cwd,
    );
    await waitHealthy(base);
  });
  afterAll(async () => {
    running?.child.kill('SIGTERM');
    await running?.exited;
    if (cwd) await removeDir(cwd);
  });

  // openapi-typescript makes a property optional exactly when it is missing from `required`;
  // the next test runs the generator itself
  it('GET /torrent/{infoHash} always has a name; the list may hold torrents without one', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked by hand
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as any;
    const refOf = (content: { schema: { $ref?: string; items?: { $ref: string } } }) =>
      (content.schema.$ref ?? content.schema.items!.$ref).split('/').pop()!;
    const single = refOf(doc.paths['/torrent/{infoHash}'].get.responses['200'].content['application/json']);
    const listed = refOf(doc.paths['/torrents'].get.responses['200'].content['application/json']);
    expect(single).not.toBe(listed);
    const schema = (name: string) =>
      doc.components.schemas[name] as { required: string[]; properties: Record<string, unknown> };
    expect(schema(single).required).toEqual(expect.arrayContaining(['name', 'infoHash', 'files', 'ready']));
    expect(schema(listed).properties).toHaveProperty('name');
    expect(schema(listed).required).not.toContain('name');
    for (const path of [
      '/playlist.m3u',
      '/playlist/{infoHash}.m3u',
      '/torrent/{infoHash}.torrent',
      '/stream/{infoHash}/{fileId}/{fileName}',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(Object.keys(doc.paths['/stream/{infoHash}/{fileId}/{fileName}']).sort()).toEqual(['get', 'head']);
  });

  it('a client generated by openapi-typescript sees name as required on the single torrent only', async () => {
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as object;
    const single = `type Single = components['schemas']['TorrentDto'];\nexport const name = (torrent: Single): string => torrent.name;`;
    expect(await typeCheckAgainstClient(doc, single)).toEqual([]);
    const listed = `type Listed = components['schemas']['TorrentSummaryDto'];\nexport const name = (torrent: Listed): string => torrent.name;`;
    const errors = await typeCheckAgainstClient(doc, listed);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/undefined/);
  });

  it('a generated client types every track field; source is a union, language and url optional', async () => {
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as object;
    const probe = [
      "type File = components['schemas']['TorrentFileDto'];",
      'export const audio = (file: File) => file.audioTracks?.map((t): [number, string, string, number, boolean] => [t.id, t.label, t.codec, t.channels, t.default]);',
      "export const subs = (file: File) => file.subtitles?.map((s): [number, string, string, 'embedded' | 'sidecar', boolean] => [s.id, s.label, s.codec, s.source, s.convertible]);",
      'export const url = (file: File): string => file.subtitles![0].url;',
      'export const language = (file: File): string => file.audioTracks![0].language;',
    ].join('\n');
    const errors = await typeCheckAgainstClient(doc, probe);
    expect(errors, errors.join('\n')).toHaveLength(2);
    for (const error of errors) expect(error).toMatch(/undefined/);
  });
});
