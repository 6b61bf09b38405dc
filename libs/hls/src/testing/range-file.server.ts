import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import parseRange from 'range-parser';

export interface RangeFileServer {
  baseUrl: string;
  /** What the server sent, so specs can prove that only an index was read. */
  served: { bytes: number; requests: number };
  close(): Promise<void>;
}

/** Serves the files of `dir` on 127.0.0.1 with single byte ranges, counting what it sends. */
export async function startRangeFileServer(dir: string): Promise<RangeFileServer> {
  const served = { bytes: 0, requests: 0 };
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent((req.url ?? '/').slice(1)));
    stat(path).then(
      ({ size }) => {
        served.requests++;
        const ranges = req.headers.range ? parseRange(size, req.headers.range, { combine: true }) : undefined;
        if (ranges === -1) return res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
        const range = Array.isArray(ranges) && ranges.length === 1 ? ranges[0] : undefined;
        const { start, end } = range ?? { start: 0, end: size - 1 };
        res.writeHead(range ? 206 : 200, {
          'Content-Length': end - start + 1,
          'Accept-Ranges': 'bytes',
          ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
        });
        if (req.method === 'HEAD') return res.end();
        const stream = createReadStream(path, { start, end });
        stream.on('data', (chunk) => (served.bytes += chunk.length));
        stream.pipe(res);
        res.on('close', () => stream.destroy());
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
