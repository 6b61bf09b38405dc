/** One Server-Sent Event as a client sees it. */
export interface SseEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- event bodies are asserted field by field
  data: any;
}

export interface SseClient {
  status: number;
  headers: Headers;
  /** The next event, or null when the stream ended. */
  next(timeoutMs?: number): Promise<SseEvent | null>;
  /** Events until `match` returns true (that one included). */
  until(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** Reads an event stream with fetch, as the page does (fetch can send an API key; EventSource cannot). */
export async function openSse(url: string, init: RequestInit = {}): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { ...init, signal: abort.signal, headers: { accept: 'text/event-stream', ...init.headers } });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const parse = (block: string): SseEvent | undefined => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) return undefined;
    return { event, data: JSON.parse(data.join('\n')) };
  };
  const next = async (timeoutMs = 15_000): Promise<SseEvent | null> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const parsed = parse(block);
        if (parsed) return parsed;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      const read = await Promise.race([
        reader.read(),
        new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left))),
      ]);
      clearTimeout(timer);
      if (read === 'timeout') throw new Error(`no event within ${timeoutMs} ms`);
      if (read.done) return null;
      buffer += decoder.decode(read.value, { stream: true }).replaceAll('\r\n', '\n');
    }
  };
  return {
    status: response.status,
    headers: response.headers,
    next,
    async until(match, timeoutMs = 15_000) {
      const seen: SseEvent[] = [];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const event = await next(Math.max(1, deadline - Date.now()));
        if (!event) throw new Error(`stream ended after ${JSON.stringify(seen.map((e) => e.event))}`);
        seen.push(event);
        if (match(event)) return seen;
      }
    },
    close: () => abort.abort(),
  };
}
