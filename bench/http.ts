import { createHash } from 'node:crypto';
import http from 'node:http';
import { epochMs } from './processes.ts';

export interface TimedGetOptions {
  /** `Range` header value, e.g. `bytes=100-` */
  range?: string;
  method?: 'GET' | 'HEAD';
  /** Hash the body as it streams (sha1, hex). */
  sha1?: boolean;
  /** Keep the whole body in memory (only for small sampled responses). */
  keepBody?: boolean;
  /** Abort right after the first body byte: a player probing, or a TTFB-only measure. */
  firstByteOnly?: boolean;
  /** Called with every body chunk's size, e.g. for progress. */
  onBytes?: (bytes: number) => void;
  agent?: http.Agent;
  timeoutMs?: number;
}

export interface TimedGetResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** epoch ms at which the request was sent */
  startedAt: number;
  /** epoch ms of the response head */
  headersAt: number;
  /** epoch ms of the first body byte (NaN for an empty body) */
  firstByteAt: number;
  /** epoch ms of the last body byte, or of the abort after the first one */
  endAt: number;
  bytes: number;
  sha1?: string;
  body?: Buffer;
}

/**
 * A GET over node:http rather than fetch: it reports the first body byte as it arrives
 * off the socket, without undici's stream buffering in between, and hashes in-flight.
 */
export function timedGet(url: string, options: TimedGetOptions = {}): Promise<TimedGetResult> {
  const { timeoutMs = 120_000 } = options;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.range) headers.range = options.range;
    const startedAt = epochMs();
    const request = http.request(url, { method: options.method ?? 'GET', headers, agent: options.agent ?? false });
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${timeoutMs} ms: ${url}`)), timeoutMs);
    request.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.once('response', (response) => {
      const headersAt = epochMs();
      const hash = options.sha1 ? createHash('sha1') : undefined;
      const chunks: Buffer[] = [];
      let bytes = 0;
      let firstByteAt = Number.NaN;
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          startedAt,
          headersAt,
          firstByteAt,
          endAt: epochMs(),
          bytes,
          sha1: hash?.digest('hex'),
          body: options.keepBody ? Buffer.concat(chunks) : undefined,
        });
      };
      response.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteAt = epochMs();
        bytes += chunk.length;
        hash?.update(chunk);
        if (options.keepBody) chunks.push(chunk);
        options.onBytes?.(chunk.length);
        if (options.firstByteOnly) {
          finish();
          request.destroy();
        }
      });
      response.once('end', finish);
      response.once('error', (err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      });
      response.once('close', () => {
        if (!settled && !response.complete) {
          settled = true;
          clearTimeout(timer);
          reject(new Error(`connection closed after ${bytes} body bytes: ${url}`));
        }
      });
    });
    request.end();
  });
}

/** POST a JSON body; answers status and parsed JSON. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the error message
  }
  return { status: response.status, json };
}

/**
 * Retries `attempt` every `everyMs` until it returns a value (not undefined), e.g. a
 * server that is still starting, or a peer still without metadata (404).
 */
export async function poll<T>(attempt: () => Promise<T | undefined>, what: string, timeoutMs: number, everyMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError ? `: ${(lastError as Error).message}` : '';
      throw new Error(`${what} did not happen within ${timeoutMs} ms${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
