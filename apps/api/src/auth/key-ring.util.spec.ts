import { timingSafeEqual } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { KeyRing } from './key-ring.util.js';

describe('KeyRing', () => {
  it('matches exactly one of its keys', () => {
    const ring = new KeyRing(['first-key', 'second-key']);
    expect(ring.matches('first-key')).toBe(true);
    expect(ring.matches('second-key')).toBe(true);
    expect(ring.matches('second-ke')).toBe(false);
    expect(ring.matches('second-key ')).toBe(false);
    expect(ring.matches('')).toBe(false);
    expect(new KeyRing([]).matches('')).toBe(false);
  });

  it('compares in constant time: crypto.timingSafeEqual on equal-length digests, every key every time', () => {
    const equals = vi.fn(timingSafeEqual);
    const ring = new KeyRing(['a', 'a-much-longer-key-than-the-first', 'c'], equals);
    for (const presented of ['a', 'c', 'nope', 'x'.repeat(500)]) {
      equals.mockClear();
      ring.matches(presented);
      // a match on the first key still compares the other two
      expect(equals).toHaveBeenCalledTimes(3);
      for (const [left, right] of equals.mock.calls) {
        expect(left.byteLength).toBe(32);
        expect(right.byteLength).toBe(32);
      }
    }
  });
});
