import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, pipeline } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { isLent, lendChunk } from '#torrent';
import { releaseChunksOnceSent } from './release-sent-chunks.js';

const MiB = 1 << 20;
const CHUNKS = 32;

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that sends CHUNKS lent chunks of 1 MiB each through pipeline, as the stream route does. */
async function serveLentChunks() {
  const released: number[] = [];
  const chunks = Array.from({ length: CHUNKS }, (_, i) => {
    const chunk = Buffer.alloc(MiB, i);
    lendChunk(chunk, () => released.push(i));
    return chunk;
  });
  const expected = createHash('sha1');
  chunks.forEach((chunk) => expected.update(chunk));
  server = http.createServer((_req, res) => {
    releaseChunksOnceSent(res);
    res.setHeader('content-length', CHUNKS * MiB);
    pipeline(Readable.from(chunks), res, () => {});
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, released, chunks, sha1: expected.digest('hex') };
}

describe('releaseChunksOnceSent', () => {
  it('gives a chunk back only once the socket took it, and the client gets every byte', async () => {
    const { port, released, chunks, sha1 } = await serveLentChunks();
    const response = await new Promise<http.IncomingMessage>((resolve) => http.get({ port, host: '127.0.0.1' }, resolve));
    response.pause();
    // the client reads nothing: the socket takes a few MB, the rest waits in the response
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(released.length).toBeGreaterThan(0);
    expect(released.length).toBeLessThan(CHUNKS / 2);
    expect(chunks.filter((chunk) => isLent(chunk)).length).toBe(CHUNKS - released.length);

    const hash = createHash('sha1');
    for await (const part of response) hash.update(part as Buffer);
    expect(hash.digest('hex')).toBe(sha1);
    expect(released.sort((a, b) => a - b)).toEqual(Array.from({ length: CHUNKS }, (_, i) => i));
  });

  it('passes writes of chunks that were not lent through untouched, callbacks included', async () => {
    server = http.createServer((_req, res) => {
      releaseChunksOnceSent(res);
      res.write('text, ', 'utf8', () => res.end(Buffer.from('then a buffer')));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const body = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    expect(body).toBe('text, then a buffer');
  });
});
