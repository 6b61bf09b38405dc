import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './helpers/files.ts';
import { startSwarm, type Swarm } from './helpers/swarm.ts';
import { makeMultiTrackMovie, SRT_CUES } from './helpers/tracks-media.ts';
import { launchChromium } from './support/browser.ts';
import { cleanUp } from './support/cleanup.ts';
import { openPlayerPage } from './support/page.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

const PLAY_TIMEOUT_MS = 60_000;

/** The page's <video> as the functions that run in Chromium see it (no DOM types here). */
declare const document: { getElementById(id: 'video'): PageVideo };

interface PageVideo {
  currentTime: number;
  paused: boolean;
  textTracks: Iterable<{ label: string; mode: string; cues: Iterable<{ text: string }> | null }>;
}

interface ShownSubtitles {
  showing: { label: string; cues: string[] }[];
  currentTime: number;
}

/**
 * The page's audio and subtitle menus on a file with two audio tracks and four text
 * subtitles (two embedded, two sidecars), played through HLS in real Chromium: the menus
 * fill from the torrent JSON, picking French audio switches the hls.js rendition while it
 * plays, and picking English subtitles shows hls.js's subtitle rendition (a window at a
 * time), never the whole-track WebVTT that would read the whole file.
 */
describe('the player page picks audio tracks and subtitles', () => {
  let dir: string | undefined;
  let browser: Browser | undefined;
  let swarm: Swarm | undefined;
  let server: TestApp | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const requests: { url: string; at: number }[] = [];
  /** A 5xx is a bug of ours, whatever the player does with it. */
  const serverErrors: string[] = [];
  let consoleLines: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await makeTempDir('tod-p2m-page-tracks');
    const root = join(dir, 'media');
    await makeMultiTrackMovie(root);
    swarm = await startSwarm({ paths: [root], pieceLength: 256 * 1024 });
    server = await startTestApp({ trackers: [swarm.announceUrl], hls_segment_duration: 4 });
    ({ context, page, consoleLines } = await openPlayerPage(browser, server.baseUrl));
    page.on('request', (request) => requests.push({ url: request.url(), at: Date.now() }));
    page.on('response', (response) => {
      if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.url()}`);
    });
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

  const currentTime = () => page.evaluate(() => document.getElementById('video').currentTime);

  async function waitForTime(seconds: number): Promise<void> {
    try {
      await page.waitForFunction((t) => document.getElementById('video').currentTime > t, seconds, {
        timeout: PLAY_TIMEOUT_MS,
        polling: 200,
      });
    } catch (err) {
      const status = await page.locator('#status').textContent();
      const error = await page.locator('#error').textContent();
      throw new Error(`${(err as Error).message}: status "${status}", error "${error}"\n${consoleLines.join('\n')}`, {
        cause: err,
      });
    }
  }

  const optionTexts = (select: string) => page.locator(`${select} option`).allTextContents();

  it(
    'fills the menus from the torrent JSON, switches audio while playing and shows the chosen subtitles',
    { timeout: 150_000 },
    async () => {
      await page.fill('#source-input', swarm!.magnetURI);
      await page.click('#add-button');
      const row = page.locator('#file-list li', { hasText: 'Movie.mkv' });
      await row.waitFor({ timeout: 30_000 });
      await row.locator('button.play').click();
      await waitForTime(1);

      // Matroska with AC-3 is no <video src> format: the page went to HLS, and offers every track
      expect(await page.locator('#status').textContent()).toContain('HLS');
      expect(await page.locator('#audio-menu').isVisible()).toBe(true);
      expect(await optionTexts('#audio-select')).toEqual(['English 5.1 (en, ac3, 6 ch)', 'Français (fr, aac, 2 ch)']);
      expect(await page.locator('#audio-select').inputValue()).toBe('0');
      expect(await page.locator('#subtitle-menu').isVisible()).toBe(true);
      expect(await optionTexts('#subtitle-select')).toEqual([
        'Off',
        'English (en, subrip)',
        'French (forced) (fr, ass)',
        'Russian (ru, subrip)',
        'French (fr, subrip)',
      ]);

      // French audio, mid-play: hls.js loads the second rendition and playback goes on
      const switchedAt = Date.now();
      const timeAtSwitch = await currentTime();
      await page.selectOption('#audio-select', '1');
      await waitForTime(timeAtSwitch + 3);
      const frenchAudio = requests.filter((request) => /\/audio\/1\//.test(request.url) && request.at >= switchedAt);
      expect(frenchAudio.length, requests.map((request) => request.url).join('\n')).toBeGreaterThan(0);
      expect(await page.locator('#error').isHidden()).toBe(true);
      expect(await page.evaluate(() => document.getElementById('video').paused)).toBe(false);

      // English subtitles: hls.js's rendition shows, with the SubRip cues on the video's timeline
      await page.selectOption('#subtitle-select', '0');
      const shown = await page.waitForFunction(
        (wanted) => {
          const tracks = [...document.getElementById('video').textTracks];
          const showing = tracks
            .filter((track) => track.mode === 'showing')
            .map((track) => ({ label: track.label, cues: [...(track.cues ?? [])].map((cue) => cue.text) }));
          const ready = showing.length === 1 && showing[0].cues.includes(wanted);
          return ready ? { showing, currentTime: document.getElementById('video').currentTime } : false;
        },
        SRT_CUES[1].text,
        { timeout: PLAY_TIMEOUT_MS, polling: 200 },
      );
      const subtitles = (await shown.jsonValue()) as ShownSubtitles;
      expect(subtitles.showing.map((track) => track.label)).toEqual(['English']);
      // a window at a time from the HLS subtitle playlist, not the whole-track .vtt (it reads the whole file)
      expect(
        requests.some(
          (request) => /\/subtitles\/0\/.+\.(m3u8|vtt)$/.test(request.url) && request.url.includes('/hls/'),
        ),
      ).toBe(true);
      expect(requests.filter((request) => /^[^?]*\/subtitles\/[0-9a-f]{40}\//.test(request.url))).toEqual([]);

      // Off hides them again
      await page.selectOption('#subtitle-select', '-1');
      await page.waitForFunction(
        () => ![...document.getElementById('video').textTracks].some((track) => track.mode === 'showing'),
        undefined,
        { timeout: 10_000 },
      );
      expect(consoleLines.filter((line) => line.startsWith('[pageerror]'))).toEqual([]);
      expect(serverErrors).toEqual([]);
    },
  );
});
