import type { ErrorBody, Torrent } from './types.ts';

const KEY_STORAGE = 'tod-p2m.apiKey';

/** An answer that is not 2xx, with the server's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The page's calls to its own server. With api_keys set, the first 401 asks the person
 * for a key (kept in localStorage) and the call is retried; media URLs come signed.
 */
export class Api {
  constructor(private readonly askForKey: (reason: string) => Promise<string | undefined>) {}

  get key(): string | undefined {
    return localStorage.getItem(KEY_STORAGE) ?? undefined;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const key = this.key;
    return key ? { ...extra, 'X-Api-Key': key } : extra;
  }

  async fetch(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers: this.headers(init.headers as Record<string, string> | undefined) });
    } catch {
      throw new ApiError(0, 'The server cannot be reached. Is tod-p2m still running?');
    }
    if (response.status === 401 && !retried) {
      const body = await readError(response);
      const key = await this.askForKey(this.key ? 'That API key was refused.' : body.error);
      if (key) {
        localStorage.setItem(KEY_STORAGE, key);
        return this.fetch(path, init, true);
      }
    }
    if (!response.ok) {
      const body = await readError(response);
      throw new ApiError(response.status, body.error);
    }
    return response;
  }

  async json<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const response = await this.fetch(path, init);
    return { status: response.status, body: (await response.json()) as T };
  }

  /** Adds without waiting for the metadata (202 until it is in); the events say the rest. */
  add(source: { magnet: string } | { infoHash: string } | File): Promise<{ status: number; body: Torrent }> {
    if (source instanceof File) {
      const form = new FormData();
      form.append('torrent', source);
      return this.json<Torrent>('/torrents?wait=false', { method: 'POST', body: form });
    }
    return this.json<Torrent>('/torrents?wait=false', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(source),
    });
  }

  list(): Promise<{ body: Torrent[] }> {
    return this.json<Torrent[]>('/torrents');
  }

  get(infoHash: string): Promise<{ status: number; body: Torrent }> {
    return this.json<Torrent>(`/torrent/${infoHash}?wait=false`);
  }

  async remove(infoHash: string): Promise<void> {
    await this.fetch(`/torrent/${infoHash}`, { method: 'DELETE' });
  }

  stats(): Promise<{ body: Record<string, unknown> }> {
    return this.json<Record<string, unknown>>('/stats');
  }
}

async function readError(response: Response): Promise<ErrorBody> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    return { statusCode: response.status, error: body.error ?? response.statusText };
  } catch {
    return { statusCode: response.status, error: `${response.status} ${response.statusText}` };
  }
}
