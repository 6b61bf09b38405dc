import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './helpers/files.ts';
import { makeH264AacMp4 } from './helpers/media.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { describePlayer, launchChromium, openHlsPlayer, type HlsPlayer } from './support/browser.ts';
import { playerPageHtml, PLAYER_SCRIPT } from './support/browser-player-page.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { cleanUp } from './support/cleanup.ts';

/**
 * Chromium against the app with auth on and helmet's headers: hls.js plays a signed master
 * URL from a page the app itself serves (so the app's CSP governs it: blob: media, blob:
 * workers), and Swagger UI's "Authorize" makes its "Try it out" calls pass the guard.
 */
const KEY = 'browser-test-api-key-0123456789';
const SECRET = 'browser test url signing secret, 32+ bytes';
const PAGE = '/csp-player';
const HLS_JS = fileURLToPath(new URL('../node_modules/hls.js/dist/hls.min.js', import.meta.url));

describe('a real browser with auth and security headers on', () => {
  let dir: string | undefined;
  let browser: Browser | undefined;
  let swarm: Swarm | undefined;
  let server: TestApp | undefined;
  let player: HlsPlayer | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await makeTempDir('tod-p2m-auth-browser');
    const movie = await makeH264AacMp4(join(dir, 'mp4', 'movie.mp4'), { seconds: 20, size: '640x360', fps: 24, gopSeconds: 2 });
    swarm = await startSwarm({ paths: [movie] });
    const hlsJs = await readFile(HLS_JS);
    // a stand-in for the app's own page, mounted in front of the app's routes and behind its headers
    const files: Record<string, [string, string | Buffer]> = {
      '/': ['text/html; charset=utf-8', playerPageHtml(`${PAGE}/hls.min.js`, `${PAGE}/player.js`)],
      '/hls.min.js': ['text/javascript; charset=utf-8', hlsJs],
      '/player.js': ['text/javascript; charset=utf-8', PLAYER_SCRIPT],
    };
    server = await startTestApp(
      { trackers: [swarm.announceUrl], hls_segment_duration: 4, api_keys: [KEY], url_signing_secret: SECRET },
      (app) =>
        app.use(PAGE, (request: Request, response: Response) => {
          const file = files[request.path];
          if (!file) return response.status(404).end();
          response.type(file[0]).send(file[1]);
        }),
    );
  });

  afterAll(async () => {
    await cleanUp([
      () => player?.close(),
      () => browser?.close(),
      () => server?.close(),
      () => swarm?.stop(),
      () => (dir ? removeDir(dir) : undefined),
    ]);
  });

  it('serves pages and the API with helmet headers and a CSP that allows blob: media and workers', async () => {
    const page = await fetch(`${server!.baseUrl}${PAGE}/`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/media-src 'self' blob:/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).not.toContain('upgrade-insecure-requests');
    const api = await fetch(`${server!.baseUrl}/health`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
    // other origins' pages still play our streams
    expect(api.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(api.headers.get('strict-transport-security')).toBeNull();
  });

  it('hls.js plays a signed master URL on a page under the CSP, with no CSP violation', { timeout: 90_000 }, async () => {
    const response = await fetch(`${server!.baseUrl}/torrent/${swarm!.infoHash}`, { headers: { authorization: `Bearer ${KEY}` } });
    const torrent = (await response.json()) as { files: { hlsUrl?: string }[] };
    const masterUrl = torrent.files[0].hlsUrl!;
    expect(masterUrl).toMatch(/\/t\/[^/]+\/hls\/[0-9a-f]{40}\/0\/master\.m3u8$/);
    player = await openHlsPlayer(browser!, `${server!.baseUrl}${PAGE}/`, masterUrl);
    const { state } = await player.waitForTime(3, 60_000);
    const violations = player.console.filter((line) => /Content Security Policy|Refused to/i.test(line));
    expect(violations, describePlayer(state, player.console)).toEqual([]);
    expect(state.errors.filter((error) => error.fatal)).toEqual([]);
    expect(state.videoError).toBeNull();
    expect(state.source).toBe('master');
    expect(state.fragments.length).toBeGreaterThan(0);
  });

  it("Swagger UI works under the CSP, and its Authorize makes 'Try it out' pass the guard", { timeout: 60_000 }, async () => {
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      const consoleLines: string[] = [];
      page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
      await page.goto(`${server!.baseUrl}/docs`, { waitUntil: 'load' });
      const operation = page.locator('#operations-torrents-TorrentsController_list');
      await operation.locator('.opblock-summary').click();

      const execute = async () => {
        await operation.locator('button.execute').click();
        const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
        await status.waitFor({ timeout: 15_000 });
        const text = (await status.textContent())?.trim() ?? '';
        await operation.locator('button.btn-clear').click();
        return text;
      };
      await operation.locator('button.try-out__btn').click();
      expect(await execute()).toBe('401');

      await page.locator('.scheme-container button.authorize').click();
      const scheme = page.locator('.modal-ux .auth-container').filter({ hasText: 'X-Api-Key' });
      await scheme.locator('input').fill(KEY);
      await scheme.locator('button.authorize').click();
      await page.locator('.modal-ux button.btn-done').first().click();
      expect(await execute()).toBe('200');
      expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
