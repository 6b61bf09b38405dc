import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { MemorySourceStore } from './memory-source.store.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('MemorySourceStore', () => {
  it('keeps a source until its TTL runs out', async () => {
    const store = new MemorySourceStore();
    await store.save('a'.repeat(40), bytes('magnet:?xt=1'), 60);
    expect(await store.load('a'.repeat(40))).toEqual(bytes('magnet:?xt=1'));
    expect(await store.load('b'.repeat(40))).toBeUndefined();
    await sleep(90);
    expect(await store.load('a'.repeat(40))).toBeUndefined();
  });

  it('refresh pushes the expiry ahead and skips unknown hashes', async () => {
    const store = new MemorySourceStore();
    await store.save('a'.repeat(40), bytes('d4:infoe'), 80);
    await sleep(50);
    await store.refresh(['a'.repeat(40), 'c'.repeat(40)], 200);
    await sleep(60);
    expect(await store.load('a'.repeat(40))).toEqual(bytes('d4:infoe'));
    expect(await store.load('c'.repeat(40))).toBeUndefined();
  });
});
