import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** The page's console and uncaught errors, for failure messages. */
  consoleLines: string[];
}

/** The built-in page (served from dist/web, which `npm test` builds) in a fresh browser context. */
export async function openPlayerPage(browser: Browser, baseUrl: string): Promise<OpenedPage> {
  if (!existsSync(resolve('dist/web/index.html'))) throw new Error('dist/web is not built: run `npm run build` (npm test does it)');
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  return { context, page, consoleLines };
}
