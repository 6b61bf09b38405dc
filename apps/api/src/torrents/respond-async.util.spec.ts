import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { wantsAsync } from './respond-async.util.js';

describe('wantsAsync', () => {
  it('reads Prefer: respond-async among other preferences, any case', () => {
    expect(wantsAsync('respond-async', undefined)).toBe(true);
    expect(wantsAsync('return=minimal, Respond-Async; wait=10', undefined)).toBe(true);
    expect(wantsAsync('return=minimal', undefined)).toBe(false);
    expect(wantsAsync('respond-asyncx', undefined)).toBe(false);
    expect(wantsAsync(undefined, undefined)).toBe(false);
  });

  it('lets ?wait decide over the header, and refuses other values', () => {
    expect(wantsAsync(undefined, 'false')).toBe(true);
    expect(wantsAsync(undefined, '0')).toBe(true);
    expect(wantsAsync('respond-async', 'true')).toBe(false);
    expect(() => wantsAsync(undefined, 'maybe')).toThrow(BadRequestException);
    expect(() => wantsAsync(undefined, '')).toThrow(BadRequestException);
  });
});
