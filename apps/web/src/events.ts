import type { Api } from './api.ts';

export interface EventHandlers {
  onEvent(type: string, data: unknown): void;
  /** The connection dropped (server gone); it reconnects by itself. */
  onDisconnect(message: string): void;
}

/**
 * Server-Sent Events read with fetch, not EventSource: fetch can send the API key. A
 * dropped connection reconnects with a growing delay; `removed` ends it for good.
 */
export class TorrentEvents {
  private readonly abort = new AbortController();
  private retryMs = 1_000;

  constructor(
    private readonly api: Api,
    private readonly infoHash: string,
    private readonly handlers: EventHandlers,
  ) {
    void this.run();
  }

  close(): void {
    this.abort.abort();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let ended = false;
      try {
        const response = await fetch(`/torrent/${this.infoHash}/events`, {
          headers: this.api.headers({ Accept: 'text/event-stream' }),
          signal: this.abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
        this.retryMs = 1_000;
        ended = await this.read(response.body);
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.handlers.onDisconnect(`Lost the connection to the server (${(err as Error).message}); reconnecting…`);
      }
      if (ended) return;
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      this.retryMs = Math.min(this.retryMs * 2, 15_000);
    }
  }

  /** True when the server ended the stream on purpose (`removed`). */
  private async read(body: ReadableStream<Uint8Array>): Promise<boolean> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let removed = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return removed;
      buffer += decoder.decode(value, { stream: true }).replaceAll('\r\n', '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) type = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length === 0) continue;
        if (type === 'removed') removed = true;
        this.handlers.onEvent(type, JSON.parse(data.join('\n')));
      }
    }
  }
}
