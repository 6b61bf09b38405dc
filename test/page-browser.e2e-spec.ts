import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './helpers/files.ts';
import { makeH264AacMp4, makeMpeg4Mkv } from './helpers/media.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { launchChromium } from './support/browser.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';
import { cleanUp } from './support/cleanup.ts';
import { openPlayerPage } from './support/page.ts';

/**
 * The page's globals as the functions that run in Chromium see them (the project compiles
 * without DOM types). Functions, not strings: the page's CSP forbids eval.
 */
declare const document: { getElementById(id: string): { textContent: string | null; currentTime: number } };

/** Screenshots land here (a test artifact); `SAVE_PAGE_SCREENSHOT=1` also refreshes docs/page.png for the README. */
const ARTIFACTS = resolve('.tmp/artifacts');
const README_SCREENSHOT = resolve('docs/page.png');

/**
 * The built-in page in real headless Chromium, served by the app itself from dist/web
 * (`npm test` builds it): paste a magnet, see the files, press play.
 */
describe('the player page in a real browser', () => {
  let dir: string | undefined;
  let browser: Browser | undefined;
  let swarm: Swarm | undefined;
  let server: TestApp | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let consoleLines: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await makeTempDir('tod-p2m-page');
    const root = join(dir, 'Demo');
    await Promise.all([
      makeH264AacMp4(join(root, 'Big Buck Demo.mp4'), { seconds: 20, size: '640x360', fps: 24, gopSeconds: 2 }),
      makeMpeg4Mkv(join(root, 'Old Codec Demo.mkv'), { seconds: 20 }),
    ]);
    swarm = await startSwarm({ paths: [root] });
    server = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: 4, torrent_timeout: '3s' });
    ({ context, page, consoleLines } = await openPlayerPage(browser, server.baseUrl));
  });

  afterAll(async () => {
    await cleanUp([
      () => context?.close(),
      () => browser?.close(),
      () => server?.close(),
      () => swarm?.stop(),
      () => (dir ? removeDir(dir) : undefined),
    ]);
  });

  const fileRow = (name: string) => page.locator('#file-list li', { hasText: name });

  async function waitForPlayback(seconds: number): Promise<{ currentTime: number; src: string }> {
    try {
      await page.waitForFunction((t) => document.getElementById('video').currentTime > t, seconds, { timeout: 60_000, polling: 200 });
    } catch (err) {
      const state = await page.evaluate(`(() => {
        const v = document.getElementById('video');
        return { t: v.currentTime, err: v.error && v.error.message, status: document.getElementById('status').textContent, error: document.getElementById('error').textContent };
      })()`);
      throw new Error(`${(err as Error).message}: ${JSON.stringify(state)}\n${consoleLines.join('\n')}`, { cause: err });
    }
    return page.evaluate<{ currentTime: number; src: string }>(`(() => {
      const v = document.getElementById('video');
      return { currentTime: v.currentTime, src: v.currentSrc };
    })()`);
  }

  it('serves the page and its hashed assets with the right caching, offline (no other origin)', async () => {
    const index = await fetch(`${server!.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const script = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server!.baseUrl}${script}`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server!.baseUrl}/assets/..%2Fpackage.json`)).status).toBe(404);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('pastes a magnet, lists the files, plays the MP4 directly past 3 s', { timeout: 120_000 }, async () => {
    await page.fill('#source-input', swarm!.magnetURI);
    await page.click('#add-button');
    await fileRow('Big Buck Demo.mp4').waitFor({ timeout: 30_000 });
    await fileRow('Old Codec Demo.mkv').waitFor();
    expect(await page.locator('#torrent-name').textContent()).toBe('Demo');
    await fileRow('Big Buck Demo.mp4').locator('button.play').click();
    const { currentTime, src } = await waitForPlayback(3);
    expect(currentTime).toBeGreaterThan(3);
    // a plain <video src=streamUrl>, with the file name in the URL
    expect(src).toBe(`${server!.baseUrl}/stream/${swarm!.infoHash}/0/Big%20Buck%20Demo.mp4`);
    // live numbers from the events: peers and a speed were drawn
    await page.waitForFunction(() => /[1-9]\d* peers?/.test(document.getElementById('peers').textContent ?? ''), undefined, { timeout: 10_000 });
  });

  it('plays a file the browser cannot decode (MPEG-4 Part 2 in MKV) through HLS past 3 s', { timeout: 120_000 }, async () => {
    await fileRow('Old Codec Demo.mkv').locator('button.play').click();
    const { currentTime, src } = await waitForPlayback(3);
    expect(currentTime).toBeGreaterThan(3);
    // hls.js feeds the <video> through MediaSource
    expect(src).toMatch(/^blob:/);
    expect(await page.locator('#status').textContent()).toContain('HLS');
  });

  it('takes a screenshot with the file names visible on it', async () => {
    await page.evaluate(`document.getElementById('video').pause()`);
    for (const name of ['Big Buck Demo.mp4', 'Old Codec Demo.mkv']) {
      const row = fileRow(name).locator('.file-name');
      expect(await row.isVisible()).toBe(true);
      const box = await row.boundingBox();
      expect(box, name).not.toBeNull();
      // inside the captured viewport, so the picture shows it
      expect(box!.y + box!.height).toBeLessThan(900);
    }
    await mkdir(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, 'page.png');
    await page.screenshot({ path });
    const png = await readFile(path);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    if (process.env.SAVE_PAGE_SCREENSHOT === '1') await copyFile(path, README_SCREENSHOT);
  });

  it('shows readable errors for a bad magnet and for text that is no magnet or hash', async () => {
    await page.fill('#source-input', 'magnet:?xt=urn:btih:not-a-hash');
    await page.click('#add-button');
    await page.locator('#error').waitFor({ state: 'visible' });
    expect(await page.locator('#error').textContent()).toMatch(/^Could not add the torrent: .*(hash|magnet)/i);
    await page.fill('#source-input', 'hello');
    await page.click('#add-button');
    await page.waitForFunction(() => document.getElementById('error').textContent?.startsWith('That is neither a magnet link'));
  });

  it('says what it waits for, lists the torrents held and removes one', { timeout: 30_000 }, async () => {
    const lonely = 'ab'.repeat(20);
    await page.fill('#source-input', lonely);
    await page.click('#add-button');
    await page.waitForFunction(() => document.getElementById('status').textContent?.startsWith('Waiting for metadata'), undefined, { timeout: 10_000 });
    await page.locator(`#held-list li[data-info-hash="${lonely}"]`).waitFor();
    await page.locator(`#held-list li[data-info-hash="${swarm!.infoHash}"]`).waitFor();
    // the torrent shown is the lonely one: its Remove button removes it
    await page.click('#remove-torrent');
    await page.locator(`#held-list li[data-info-hash="${lonely}"]`).waitFor({ state: 'detached' });
    expect(await page.locator('#torrent').isHidden()).toBe(true);
    await page.click('#stats-card summary');
    await page.waitForFunction(() => document.getElementById('stats').textContent?.includes('"torrents"'));
  });
});

describe('the player page with api_keys set', () => {
  const KEY = 'page-test-api-key-0123456789abcdef';
  let browser: Browser | undefined;
  let server: TestApp | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startTestApp({ api_keys: [KEY], url_signing_secret: 'page test url signing secret, 32+ bytes' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is served without a key, asks for one on the first 401, then uses it', { timeout: 60_000 }, async () => {
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server!.baseUrl}/`, { waitUntil: 'load' });
      // the list of held torrents needs a key: the page asks
      await page.locator('#key-dialog').waitFor({ state: 'visible' });
      expect(await page.locator('#key-reason').textContent()).toMatch(/API key/);
      await page.fill('#key-input', KEY);
      await page.click('#key-ok');
      await page.locator('#held-list li', { hasText: 'None yet.' }).waitFor();
      expect(await page.locator('#error').isHidden()).toBe(true);
      // kept for the next calls
      await page.click('#stats-card summary');
      await page.waitForFunction(() => document.getElementById('stats').textContent?.includes('"torrents"'));
    } finally {
      await context.close();
    }
  });
});
