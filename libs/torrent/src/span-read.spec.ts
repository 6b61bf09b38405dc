import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanReader } from './span-read.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'span-read-'));
  await writeFile(join(dir, 'a'), Buffer.from([1, 2, 3, 4]));
  await writeFile(join(dir, 'b'), Buffer.from([5, 6]));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('SpanReader', () => {
  it('reads consecutive spans of several files into one buffer', async () => {
    const reader = new SpanReader();
    const spans = [
      { path: join(dir, 'a'), offset: 2, length: 2 },
      { path: join(dir, 'b'), offset: 0, length: 2 },
    ];
    expect([...(await reader.read(spans))]).toEqual([3, 4, 5, 6]);
    await reader.close();
  });

  it('fails a span past the end of its file instead of returning what is not there', async () => {
    const reader = new SpanReader();
    await expect(reader.read([{ path: join(dir, 'b'), offset: 1, length: 4 }])).rejects.toThrow('ends before byte 5');
    await reader.close();
  });

  it('closes once the read in progress is done, however many callers close it, then refuses reads', async () => {
    const reader = new SpanReader();
    const inProgress = reader.read([{ path: join(dir, 'a'), offset: 0, length: 4 }]);
    await Promise.all([reader.close(), reader.close()]);
    expect([...(await inProgress)]).toEqual([1, 2, 3, 4]);
    await expect(reader.read([{ path: join(dir, 'a'), offset: 0, length: 1 }])).rejects.toThrow('store closed');
  });
});
