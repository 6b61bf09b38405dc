import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const HASH = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';

describe('HTTP request throttling per client IP', () => {
  let server: TestApp | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server!.baseUrl}${path}`, { headers });

  it('answers 429 JSON with Retry-After past the API limit, and streams keep their own limit', async () => {
    server = await startTestApp({ throttle_api_limit: 3, throttle_api_ttl: '1m', throttle_stream_limit: 5 });
    for (let i = 0; i < 3; i++) expect((await get('/torrents')).status).toBe(200);
    const limited = await get('/torrents');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({ statusCode: 429, error: expect.any(String) });

    // stream requests are counted separately (a bad file id still counts as a request)
    for (let i = 0; i < 5; i++) expect((await get(`/stream/${HASH}/x`)).status).toBe(400);
    const streamLimited = await get(`/stream/${HASH}/x`);
    expect(streamLimited.status).toBe(429);
    expect(streamLimited.headers.get('retry-after')).toBeTruthy();

    // liveness is never throttled
    expect((await get('/health')).status).toBe(200);
  });

  it('ignores a spoofed X-Forwarded-For unless trust_proxy is on', async () => {
    server = await startTestApp({ throttle_api_limit: 2 });
    expect((await get('/torrents', { 'X-Forwarded-For': '10.0.0.1' })).status).toBe(200);
    expect((await get('/torrents', { 'X-Forwarded-For': '10.0.0.2' })).status).toBe(200);
    expect((await get('/torrents', { 'X-Forwarded-For': '10.0.0.3' })).status).toBe(429);
  });

  it('keys by the forwarded client when trust_proxy is on', async () => {
    server = await startTestApp({ throttle_api_limit: 1, trust_proxy: true });
    expect((await get('/torrents', { 'X-Forwarded-For': '10.0.0.1' })).status).toBe(200);
    expect((await get('/torrents', { 'X-Forwarded-For': '10.0.0.1' })).status).toBe(429);
    expect((await get('/torrents', { 'X-Forwarded-For': '10.0.0.2' })).status).toBe(200);
  });
});
