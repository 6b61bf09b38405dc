import { describe, expect, it } from 'vitest';
import { belongsToTorrent, PromiseCache } from './promise-cache.util.js';

describe('PromiseCache', () => {
  it('shares one promise per key', async () => {
    const cache = new PromiseCache<number>();
    let calls = 0;
    const create = () => Promise.resolve(++calls);
    const [a, b] = await Promise.all([cache.get('t/0', create), cache.get('t/0', create)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
  });

  it('drops a rejected promise so the next call retries', async () => {
    const cache = new PromiseCache<number>();
    await expect(cache.get('t/0', () => Promise.reject(new Error('slow swarm')))).rejects.toThrow('slow swarm');
    await expect(cache.get('t/0', () => Promise.resolve(2))).resolves.toBe(2);
  });

  it('forgets every file of a torrent and nothing else', async () => {
    const cache = new PromiseCache<string>();
    for (const key of ['t/0', 't/1', 'tt/0']) await cache.get(key, () => Promise.resolve(key));
    cache.deleteTorrent('t');
    expect(await cache.get('t/0', () => Promise.resolve('new'))).toBe('new');
    expect(await cache.get('tt/0', () => Promise.resolve('new'))).toBe('tt/0');
  });
});

describe('belongsToTorrent', () => {
  it('matches the torrent and its files only', () => {
    expect(belongsToTorrent('abc/1', 'abc')).toBe(true);
    expect(belongsToTorrent('abc', 'abc')).toBe(true);
    expect(belongsToTorrent('abcd/1', 'abc')).toBe(false);
  });
});
