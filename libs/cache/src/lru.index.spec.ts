import { beforeEach, describe, expect, it } from 'vitest';
import { LruIndex } from './lru.index.js';

describe('LruIndex', () => {
  let now: number;
  let index: LruIndex<string>;

  beforeEach(() => {
    now = 1_000;
    index = new LruIndex<string>(() => now);
  });

  const touchAt = (at: number, ...keys: string[]) => {
    now = at;
    for (const key of keys) index.touch(key);
  };

  it('orders keys least recently active first, and a touch moves a key last', () => {
    touchAt(1, 'a', 'b', 'c');
    touchAt(2, 'a');
    expect(index.keysByLeastRecent()).toEqual(['b', 'c', 'a']);
    expect(index.size).toBe(3);
    expect(index.has('b')).toBe(true);
    expect(index.has('z')).toBe(false);
    expect(index.lastActive('a')).toBe(2);
    expect(index.lastActive('b')).toBe(1);
    expect(index.lastActive('z')).toBeUndefined();
  });

  it('picks the least recent key nobody uses as the victim', () => {
    touchAt(1, 'a', 'b', 'c');
    expect(index.pickEvictionVictim()).toBe('a');
    const release = index.acquire('a');
    expect(index.pickEvictionVictim()).toBe('b');
    expect(index.pickEvictionVictim(new Set(['b']))).toBe('c');
    index.acquire('b');
    index.acquire('c');
    expect(index.pickEvictionVictim()).toBeUndefined();
    release();
    expect(index.pickEvictionVictim()).toBe('a');
  });

  it('counts uses: a key stays pinned until every acquire is released', () => {
    touchAt(1, 'a');
    const first = index.acquire('a');
    const second = index.acquire('a');
    expect(index.isInUse('a')).toBe(true);
    expect(index.inUseCount).toBe(1);
    first();
    expect(index.isInUse('a')).toBe(true);
    second();
    expect(index.isInUse('a')).toBe(false);
    expect(index.inUseCount).toBe(0);
  });

  it('makes release idempotent', () => {
    const first = index.acquire('a');
    index.acquire('a');
    first();
    first();
    expect(index.isInUse('a')).toBe(true);
  });

  it('ignores a release that outlives a delete and re-add of the same key', () => {
    const stale = index.acquire('a');
    index.delete('a');
    index.acquire('a');
    stale();
    expect(index.isInUse('a')).toBe(true);
  });

  it('tracks a key on its first acquire and marks it active', () => {
    now = 5;
    index.acquire('a');
    expect(index.has('a')).toBe(true);
    expect(index.lastActive('a')).toBe(5);
  });

  it('counts idleness from the release, and moves the released key last', () => {
    touchAt(10, 'a', 'b');
    const release = index.acquire('a');
    now = 50;
    release();
    expect(index.lastActive('a')).toBe(50);
    expect(index.keysByLeastRecent()).toEqual(['b', 'a']);
  });

  it('selects keys idle for at least the timeout, never ones in use', () => {
    touchAt(0, 'old', 'pinned');
    touchAt(40, 'recent');
    index.acquire('pinned');
    now = 100;
    expect(index.idleKeys(60)).toEqual(['old', 'recent']);
    expect(index.idleKeys(61)).toEqual(['old']);
    expect(index.idleKeys(101)).toEqual([]);
    expect(index.isIdle('old', 100)).toBe(true);
    expect(index.isIdle('pinned', 1)).toBe(false);
    expect(index.isIdle('missing', 0)).toBe(false);
  });

  it('restores a deleted entry at its old place in the LRU order', () => {
    touchAt(1, 'a');
    touchAt(2, 'b');
    touchAt(3, 'c');
    const entry = index.delete('b');
    expect(entry).toEqual({ refs: 0, lastActive: 2 });
    expect(index.keysByLeastRecent()).toEqual(['a', 'c']);
    expect(index.restore('b', entry!)).toBe(true);
    expect(index.keysByLeastRecent()).toEqual(['a', 'b', 'c']);
    expect(index.lastActive('b')).toBe(2);
  });

  it('restores an entry older than all others first, newer than all others last', () => {
    touchAt(5, 'a');
    expect(index.restore('old', { refs: 0, lastActive: 1 })).toBe(true);
    expect(index.restore('new', { refs: 0, lastActive: 9 })).toBe(true);
    expect(index.keysByLeastRecent()).toEqual(['old', 'a', 'new']);
  });

  it('does not restore over a key that was tracked again meanwhile', () => {
    touchAt(1, 'a');
    const entry = index.delete('a')!;
    touchAt(7, 'a');
    expect(index.restore('a', entry)).toBe(false);
    expect(index.lastActive('a')).toBe(7);
  });

  it('deletes, reporting whether the key was tracked', () => {
    touchAt(1, 'a');
    expect(index.delete('a')).toBeDefined();
    expect(index.delete('a')).toBeUndefined();
    expect(index.size).toBe(0);
  });
});
