import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMediaToken } from '../apps/api/src/auth/media-token.util.js';
import { InternalAccess } from '../apps/api/src/common/internal-access.js';
import { makeTempDir, removeDir } from './helpers/files.ts';
import { makeH264AacMp4 } from './helpers/media.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { decodeAll } from './support/ffprobe.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const KEY = 'first-api-key-for-the-e2e-tests';
const SECOND_KEY = 'second-api-key-for-the-e2e-tests';
const SECRET = 'a url signing secret, 32 bytes or more';
const METRICS_TOKEN = 'metrics-scraper-token';
const CLIP_SECONDS = 12;

interface TorrentBody {
  infoHash: string;
  files: { id: number; name: string; size: number; streamUrl: string; hlsUrl?: string }[];
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('auth on: API keys and signed media URLs', () => {
  let dir: string;
  let swarm: Swarm;
  let server: TestApp;
  let torrent: TorrentBody;
  let h: string;

  beforeAll(async () => {
    dir = await makeTempDir('tod-p2m-auth');
    await Promise.all([
      makeH264AacMp4(join(dir, 'media', 'clip.mp4'), { seconds: CLIP_SECONDS, gopSeconds: 2 }),
      makeH264AacMp4(join(dir, 'media', 'other.mp4'), { seconds: 4, gopSeconds: 2 }),
    ]);
    swarm = await startSwarm({ paths: [join(dir, 'media')], pieceLength: 64 * 1024 });
    h = swarm.infoHash;
    server = await startTestApp({
      trackers: [swarm.announceUrl],
      hls_segment_duration: 4,
      api_keys: [KEY, SECOND_KEY],
      url_signing_secret: SECRET,
      metrics_token: METRICS_TOKEN,
    });
    const response = await fetch(`${server.baseUrl}/torrent/${h}`, { headers: bearer(KEY) });
    expect(response.status).toBe(200);
    torrent = (await response.json()) as TorrentBody;
    torrent.files.sort((a, b) => a.id - b.id);
  });

  afterAll(async () => {
    await server?.close();
    await swarm?.stop();
    if (dir) await removeDir(dir);
  });

  const fileOf = (name: string) => torrent.files.find((file) => file.name === name)!;

  it('the internal token (ffmpeg\'s throttle exemption) opens nothing: without a key it is 401', async () => {
    const internal = server.app.get(InternalAccess).headers();
    for (const path of ['/torrents', `/stream/${h}/${fileOf('clip.mp4').id}`]) {
      expect((await fetch(`${server.baseUrl}${path}`, { headers: internal })).status, path).toBe(401);
    }
  });

  // [method, path ({h}: the info hash), whether it sends {"infoHash": h}, status with a good key]
  const routes: [string, string, boolean, number][] = [
    ['GET', '/torrents', false, 200],
    ['POST', '/torrents', true, 201],
    ['GET', '/torrent/{h}', false, 200],
    ['DELETE', `/torrent/${'0'.repeat(40)}`, false, 404],
    ['GET', '/stats', false, 200],
    ['GET', '/metrics', false, 200],
    ['GET', '/stream/{h}/0', false, 200],
    ['HEAD', '/stream/{h}/0', false, 200],
    ['GET', '/hls/{h}/0/master.m3u8', false, 200],
    ['GET', '/hls/{h}/0/playlist.m3u8', false, 200],
    ['GET', '/hls/{h}/0/0.ts', false, 200],
  ];

  it.each(routes)('%s %s: 401 without a key and with a wrong one, answers with a good one', async (method, path, sendsBody, status) => {
    const call = async (headers: Record<string, string>) => {
      const json = sendsBody ? { 'content-type': 'application/json' } : {};
      const response = await fetch(`${server.baseUrl}${path.replace('{h}', h)}`, {
        method,
        headers: { ...json, ...headers },
        body: sendsBody ? JSON.stringify({ infoHash: h }) : undefined,
      });
      const text = method === 'HEAD' ? '' : await response.text();
      return { response, body: text ? (JSON.parse(text.startsWith('{') ? text : '{}') as Record<string, unknown>) : {} };
    };

    const missing = await call({});
    expect(missing.response.status).toBe(401);
    expect(missing.response.headers.get('www-authenticate')).toBe('Bearer realm="tod-p2m"');
    if (method !== 'HEAD') {
      expect(missing.body).toEqual({ statusCode: 401, error: expect.stringContaining('API key is required') });
    }
    for (const wrong of [bearer('not-a-key'), { 'x-api-key': `${KEY}x` }, { authorization: `Basic ${KEY}` }]) {
      const refused = await call(wrong);
      expect(refused.response.status).toBe(401);
      expect(refused.response.headers.get('www-authenticate')).toMatch(/^Bearer realm="tod-p2m"/);
      // never says which keys exist
      if (method !== 'HEAD') expect(JSON.stringify(refused.body)).not.toContain(KEY.slice(0, 10));
    }
    expect((await call(bearer(KEY))).response.status).toBe(status);
    expect((await call({ 'x-api-key': SECOND_KEY })).response.status).toBe(status);
  });

  it('/health, /health/ready, /docs and /docs-json need no key', async () => {
    for (const path of ['/health', '/health/ready', '/docs', '/docs-json']) {
      expect((await fetch(`${server.baseUrl}${path}`)).status, path).toBe(200);
    }
  });

  it('/metrics also opens with metrics_token, which opens nothing else', async () => {
    expect((await fetch(`${server.baseUrl}/metrics`, { headers: bearer(METRICS_TOKEN) })).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/torrents`, { headers: bearer(METRICS_TOKEN) })).status).toBe(401);
  });

  it('every media URL in an answer is signed, and opens without a key', async () => {
    const clip = fileOf('clip.mp4');
    const prefix = `${server.baseUrl}/t/`;
    for (const file of torrent.files) {
      expect(file.streamUrl).toMatch(new RegExp(`^${prefix}[0-9a-z]+\\.[\\w-]{43}/stream/${h}/${file.id}/[^/]+$`));
      expect(file.hlsUrl).toMatch(new RegExp(`^${prefix}[0-9a-z]+\\.[\\w-]{43}/hls/${h}/${file.id}/master\\.m3u8$`));
    }
    const listed = (await (await fetch(`${server.baseUrl}/torrents`, { headers: bearer(KEY) })).json()) as TorrentBody[];
    expect(listed[0].files.every((file) => file.streamUrl.startsWith(prefix))).toBe(true);

    const whole = await fetch(clip.streamUrl);
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(clip.size);
    const range = await fetch(clip.streamUrl, { headers: { range: 'bytes=0-99' } });
    expect(range.status).toBe(206);
    expect((await range.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(clip.streamUrl, { method: 'HEAD' })).status).toBe(200);
  });

  it('ffmpeg plays the signed HLS master URL end to end: the relative URIs carry the token', async () => {
    const clip = fileOf('clip.mp4');
    const master = await (await fetch(clip.hlsUrl!)).text();
    expect(master).toMatch(/^playlist\.m3u8$/m);
    // the same relative URI without the token prefix is refused
    expect((await fetch(`${server.baseUrl}/hls/${h}/${clip.id}/playlist.m3u8`)).status).toBe(401);
    const { errors, seconds } = await decodeAll(clip.hlsUrl!);
    expect(errors).toBe('');
    expect(Math.abs(seconds - CLIP_SECONDS)).toBeLessThan(0.5);
  });

  function tokenOf(url: string): string {
    return /\/t\/([^/]+)\//.exec(url)![1];
  }

  it('an expired token answers 403', async () => {
    const clip = fileOf('clip.mp4');
    const expired = signMediaToken(Buffer.from(SECRET), { infoHash: h, fileId: clip.id }, Math.floor(Date.now() / 1000) - 1);
    for (const tail of [`stream/${h}/${clip.id}`, `hls/${h}/${clip.id}/master.m3u8`]) {
      const response = await fetch(`${server.baseUrl}/t/${expired}/${tail}`);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ statusCode: 403, error: expect.stringContaining('expired') });
    }
  });

  it('a token moved to another file, another torrent or another route answers 403', async () => {
    const clip = fileOf('clip.mp4');
    const other = fileOf('other.mp4');
    const token = tokenOf(clip.streamUrl);
    const elsewhere = [
      `stream/${h}/${other.id}`,
      `hls/${h}/${other.id}/master.m3u8`,
      `stream/${'a'.repeat(40)}/${clip.id}`,
      `stream/${h.toUpperCase()}/${clip.id}`,
      `torrent/${h}`,
      'torrents',
      'stats',
      'metrics',
    ];
    for (const tail of elsewhere) {
      const response = await fetch(`${server.baseUrl}/t/${token}/${tail}`);
      expect(response.status, tail).toBe(403);
      expect(await response.json()).toEqual({ statusCode: 403, error: expect.any(String) });
    }
    // signed URLs are GET/HEAD only: anything else under /t/ is no route at all
    expect((await fetch(`${server.baseUrl}/t/${token}/torrent/${h}`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/torrents`, { headers: bearer(KEY) })).status).toBe(200);
    // the file's own URLs still work with that token
    expect((await fetch(`${server.baseUrl}/t/${token}/hls/${h}/${clip.id}/master.m3u8`)).status).toBe(200);
  });

  it('a tampered token answers 403', async () => {
    const clip = fileOf('clip.mp4');
    const token = tokenOf(clip.streamUrl);
    const [expiry, signature] = token.split('.');
    const tampered = [
      `${expiry}.${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`,
      `${(parseInt(expiry, 36) + 3600).toString(36)}.${signature}`,
      `${expiry}.${signature.slice(0, -1)}`,
      'garbage',
    ];
    for (const bad of tampered) {
      const response = await fetch(`${server.baseUrl}/t/${bad}/stream/${h}/${clip.id}`);
      expect(response.status, bad).toBe(403);
      expect(await response.json()).toEqual({ statusCode: 403, error: expect.stringContaining('not valid') });
    }
  });

  it('Swagger documents the security schemes, 401 on guarded routes and 403 on media routes', async () => {
    const document = (await (await fetch(`${server.baseUrl}/docs-json`)).json()) as {
      security: Record<string, string[]>[];
      components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    };
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      metricsToken: { type: 'http', scheme: 'bearer' },
    });
    expect(document.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(document.paths['/health'].get.security).toEqual([]);
    expect(document.paths['/health/ready'].get.security).toEqual([]);
    expect(document.paths['/metrics'].get.security).toEqual([{ bearer: [] }, { apiKey: [] }, { metricsToken: [] }]);
    for (const [path, method] of [['/torrents', 'get'], ['/torrents', 'post'], ['/torrent/{infoHash}', 'delete'], ['/stats', 'get'], ['/metrics', 'get']]) {
      expect(Object.keys(document.paths[path][method].responses), `${method} ${path}`).toContain('401');
    }
    for (const path of ['/stream/{infoHash}/{fileId}', '/hls/{infoHash}/{fileId}/master.m3u8', '/hls/{infoHash}/{fileId}/{segment}.ts']) {
      expect(Object.keys(document.paths[path].get.responses), path).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(document.paths['/health'].get.responses).not.toHaveProperty('401');
  });
});

describe('auth off', () => {
  it('media URLs are plain, /t/... is unknown, and metrics_token alone closes /metrics only', async () => {
    const server = await startTestApp({ metrics_token: METRICS_TOKEN });
    try {
      expect((await fetch(`${server.baseUrl}/torrents`)).status).toBe(200);
      const closed = await fetch(`${server.baseUrl}/metrics`);
      expect(closed.status).toBe(401);
      expect(closed.headers.get('www-authenticate')).toBe('Bearer realm="tod-p2m"');
      expect((await fetch(`${server.baseUrl}/metrics`, { headers: bearer('wrong') })).status).toBe(401);
      expect((await fetch(`${server.baseUrl}/metrics`, { headers: bearer(METRICS_TOKEN) })).status).toBe(200);
      expect((await fetch(`${server.baseUrl}/t/abc.def/stream/${'a'.repeat(40)}/0`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('metrics: false removes /metrics', async () => {
    const server = await startTestApp({ metrics: false });
    try {
      expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(404);
      expect((await fetch(`${server.baseUrl}/stats`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('the built server with auth on', () => {
  const MAIN = resolve('dist/apps/api/src/main.js');

  it('refuses to start with a url_signing_secret under 32 bytes, in one clear line', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it)`);
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', API_KEYS: KEY, URL_SIGNING_SECRET: 'too short', PORT: '0', HOST: '127.0.0.1', DHT: 'false', LSD: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(1);
    expect(stderr).toContain('url_signing_secret: must be at least 32 bytes when api_keys is set (got 9)');
    expect(stderr.trim().split('\n').filter((line) => line.includes('url_signing_secret'))).toHaveLength(1);
  });
});
