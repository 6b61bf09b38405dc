import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PLAYER_PAGE_HTML } from './browser-player-page.ts';

/** Debian's Chromium; `npm test` installs it (scripts/ensure-system-deps.sh). Never a Playwright download. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HLS_JS = fileURLToPath(new URL('../../node_modules/hls.js/dist/hls.min.js', import.meta.url));

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  // a hidden headless tab must not be throttled or have its media paused
  '--disable-background-media-suspend',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];

/**
 * Headless Chromium from the system (a fresh temporary profile each launch). Fails with
 * a clear message rather than skipping when Chromium is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the browser HLS test needs it. ` +
        'Run `npm test` (its pretest installs Debian\'s chromium with apt-get), install the `chromium` ' +
        'package yourself, or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface PlayerServer {
  /** The player page, on its own origin (so every HLS request is cross-origin). */
  url: string;
  close(): Promise<void>;
}

/** A tiny static server on 127.0.0.1 for the player page and hls.min.js. */
export async function startPlayerServer(): Promise<PlayerServer> {
  const hlsJs = await readFile(HLS_JS);
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(PLAYER_PAGE_HTML);
    } else if (path === '/hls.min.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Length': hlsJs.length });
      response.end(hlsJs);
    } else if (path === '/favicon.ico') {
      response.writeHead(204).end();
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface HlsErrorRecord {
  t: number;
  source: 'master' | 'media';
  type: string;
  details: string;
  fatal: boolean;
  url?: string;
  sn?: number | string;
  responseCode?: number;
  reason?: string;
  error?: string;
  buffer?: number;
  hole?: number;
  currentTime: number;
}

export interface PlayerState {
  hlsVersion: string | null;
  hlsSupported: boolean;
  /** Which playlist hls.js is playing: the master, or the media playlist after a master failure. */
  source: 'master' | 'media' | null;
  attempts: { t: number; label: string; url: string }[];
  levels: { codecs?: string; videoCodec?: string; audioCodec?: string; width: number; height: number; bitrate: number }[] | null;
  level: { totalduration: number; fragments: number; live: boolean; targetduration: number; endList: boolean; type: string | null } | null;
  errors: HlsErrorRecord[];
  /** hls.js warnings and errors, plus its log lines about holes, gaps, stalls and the like. */
  logs: { t: number; level: string; message: string }[];
  videoEvents: { t: number; type: string; currentTime: number }[];
  /** `type` is hls.js's: `main`, `audio` or `subtitle`. */
  fragments: { t: number; sn: number | string; type: string; url: string; start: number; duration: number; bytes: number; loadMs: number; firstByteMs: number }[];
  pageErrors: { t: number; message: string }[];
  playRejections: { t: number; message: string }[];
  firstPlayingAt: number | null;
  /** Milliseconds since the page loaded. */
  t: number;
  currentTime: number;
  duration: number;
  paused: boolean;
  ended: boolean;
  seeking: boolean;
  readyState: number;
  networkState: number;
  videoWidth: number;
  videoHeight: number;
  videoError: { code: number; message: string } | null;
  buffered: [number, number][];
  quality: { total: number; dropped: number } | null;
}

export interface HlsPlayer {
  page: Page;
  /** Browser console lines and uncaught page errors, as Playwright saw them. */
  console: string[];
  state(): Promise<PlayerState>;
  seek(seconds: number): Promise<void>;
  /**
   * Polls until `video.currentTime > seconds`. Throws with the whole player state when
   * hls.js reports a fatal error, the video element errors, or the time runs out.
   */
  waitForTime(seconds: number, timeoutMs: number): Promise<{ state: PlayerState; elapsedMs: number }>;
  close(): Promise<void>;
}

export interface OpenPlayerOptions {
  /** The media playlist, tried only when the master playlist cannot be loaded or parsed. */
  mediaUrl?: string;
  /** hls.js config, e.g. a short `maxBufferLength` so a seek must fetch new segments. */
  hlsConfig?: Record<string, unknown>;
}

/** Opens the player page in a fresh context and attaches hls.js to `masterUrl`. */
export async function openHlsPlayer(browser: Browser, pageUrl: string, masterUrl: string, options: OpenPlayerOptions = {}): Promise<HlsPlayer> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 800, height: 480 } });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (message) => {
    if (consoleLines.length < 400) consoleLines.push(`[${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  await page.goto(pageUrl, { waitUntil: 'load', timeout: 30_000 });
  const ready = await page.evaluate('({ version: window.Hls && Hls.version, supported: !!(window.Hls && Hls.isSupported()) })');
  const { version, supported } = ready as { version?: string; supported: boolean };
  if (!version) throw new Error(`hls.js did not load in the player page (${consoleLines.join(' | ')})`);
  if (!supported) throw new Error(`hls.js ${version} reports MediaSource is not supported by ${CHROMIUM_PATH}`);
  await page.evaluate(
    ([master, media, config]) => (globalThis as unknown as PlayerGlobal).player.load(master, media, config),
    [masterUrl, options.mediaUrl ?? null, options.hlsConfig ?? {}] as const,
  );

  const state = async () => (await page.evaluate(() => (globalThis as unknown as PlayerGlobal).player.state())) as PlayerState;
  return {
    page,
    console: consoleLines,
    state,
    async seek(seconds) {
      await page.evaluate((to) => (globalThis as unknown as PlayerGlobal).player.seek(to), seconds);
    },
    async waitForTime(seconds, timeoutMs) {
      const started = Date.now();
      for (;;) {
        const current = await state();
        const elapsedMs = Date.now() - started;
        if (current.currentTime > seconds) return { state: current, elapsedMs };
        const fatal = current.errors.find((error) => error.fatal);
        const problem = fatal
          ? `hls.js fatal error ${fatal.type}/${fatal.details}`
          : current.videoError
            ? `video.error ${current.videoError.code} ${current.videoError.message}`
            : current.pageErrors.length > 0
              ? `page error ${current.pageErrors[0].message}`
              : elapsedMs > timeoutMs
                ? `timed out after ${elapsedMs} ms`
                : undefined;
        if (problem) {
          throw new Error(`video.currentTime never passed ${seconds} s (at ${current.currentTime} s): ${problem}\n${describePlayer(current, consoleLines)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async close() {
      await context.close().catch(() => undefined);
    },
  };
}

interface PlayerGlobal {
  player: {
    load(master: string, media: string | null, config: Record<string, unknown>): void;
    seek(seconds: number): void;
    state(): unknown;
  };
}

/** A readable dump of the player, for failure messages and the test log. */
export function describePlayer(state: PlayerState, consoleLines: string[] = []): string {
  const fragments = state.fragments.map((f) => `${f.type}#${f.sn}@${f.start}+${f.duration}s ${f.bytes}B ${f.loadMs}ms`).join(', ');
  return [
    `hls.js ${state.hlsVersion} playing ${state.source}; attempts: ${JSON.stringify(state.attempts)}`,
    `video: t=${state.currentTime} duration=${state.duration} paused=${state.paused} ended=${state.ended} seeking=${state.seeking} ` +
      `readyState=${state.readyState} networkState=${state.networkState} size=${state.videoWidth}x${state.videoHeight} ` +
      `error=${JSON.stringify(state.videoError)} buffered=${JSON.stringify(state.buffered)} quality=${JSON.stringify(state.quality)}`,
    `levels: ${JSON.stringify(state.levels)}; level: ${JSON.stringify(state.level)}`,
    `hls.js errors (${state.errors.length}): ${JSON.stringify(state.errors)}`,
    `hls.js logs (${state.logs.length}):${state.logs.map((l) => `\n  ${l.t}ms [${l.level}] ${l.message}`).join('')}`,
    `video events: ${state.videoEvents.map((e) => `${e.t}ms ${e.type}@${e.currentTime}`).join(', ')}`,
    `fragments buffered: ${fragments}`,
    `page errors: ${JSON.stringify(state.pageErrors)}; play() rejections: ${JSON.stringify(state.playRejections)}`,
    `console (${consoleLines.length}):${consoleLines.slice(0, 50).map((line) => `\n  ${line}`).join('')}`,
  ].join('\n');
}
