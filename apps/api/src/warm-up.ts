import iconv from 'iconv-lite';
import type { AddressInfo } from 'node:net';

const WARM_UP_TIMEOUT_MS = 2_000;

/**
 * Sets up, before the first client, what Node and Express otherwise set up inside the first
 * request that needs it. Each sits on the path of a user's first "magnet → first byte", about
 * 30–40 ms together on the bench VM (`npm run bench`, measure 1):
 * - undici, behind `fetch`, compiles its HTTP parser (WebAssembly) on its first request, and
 *   the first tracker announce is a `fetch` (bittorrent-tracker);
 * - body-parser loads iconv-lite's table of encodings on the first JSON body (the POST that
 *   adds a magnet); it shares our iconv-lite (npm installs one copy), so one lookup loads it;
 * - the first request through the app's middleware, guards, interceptors and request logger.
 * One request to our own liveness route (`/health`) covers the first and the last.
 */
export async function warmUp(address: AddressInfo): Promise<void> {
  iconv.getDecoder('utf8');
  try {
    const response = await fetch(`${loopbackUrl(address)}/health`, { signal: AbortSignal.timeout(WARM_UP_TIMEOUT_MS) });
    await response.arrayBuffer();
  } catch {
    // a host we cannot reach ourselves on: nothing is warmed, and nothing else depends on it
  }
}

/** Where this process reaches its own listener: loopback when it listens on every address. */
export function loopbackUrl({ address, family, port }: AddressInfo): string {
  const wildcard = address === '0.0.0.0' || address === '::';
  if (family === 'IPv6') return `http://[${wildcard ? '::1' : address}]:${port}`;
  return `http://${wildcard ? '127.0.0.1' : address}:${port}`;
}
