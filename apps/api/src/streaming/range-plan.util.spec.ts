import { describe, expect, it } from 'vitest';
import { planRange } from './range-plan.util.js';

const etag = '"abc-0-1000"';
const plan = (range?: string, ifRange?: string, size = 1000) => planRange({ size, range, ifRange, etag });

describe('planRange', () => {
  it('sends the whole file without a Range header', () => {
    expect(plan()).toEqual({ status: 200, start: 0, end: 999, length: 1000 });
  });

  it.each([
    ['bytes=0-0', 0, 0],
    ['bytes=0-99', 0, 99],
    ['bytes=999-999', 999, 999],
    ['bytes=500-', 500, 999],
    ['bytes=-100', 900, 999],
    ['bytes=900-5000', 900, 999],
    ['bytes=-5000', 0, 999],
  ])('%s is %d-%d', (range, start, end) => {
    expect(plan(range)).toEqual({
      status: 206,
      start,
      end,
      length: end - start + 1,
      contentRange: `bytes ${start}-${end}/1000`,
    });
  });

  it.each(['bytes=1000-', 'bytes=1000-2000', 'bytes=5000-6000'])('%s is unsatisfiable', (range) => {
    expect(plan(range)).toEqual({ status: 416, contentRange: 'bytes */1000' });
  });

  it('answers ranges on an empty file with 416', () => {
    expect(plan('bytes=0-0', undefined, 0)).toEqual({ status: 416, contentRange: 'bytes */0' });
  });

  it.each(['bytes=0-1,5-6', 'bytes=abc', 'items=0-5', 'bytes=5-1', 'garbage'])(
    '%s falls back to the whole file',
    (range) => {
      expect(plan(range)).toMatchObject({ status: 200, start: 0, end: 999 });
    },
  );

  it('merges overlapping ranges into one', () => {
    expect(plan('bytes=0-10,5-20')).toMatchObject({ status: 206, start: 0, end: 20 });
  });

  it('honours If-Range only when it matches the ETag', () => {
    expect(plan('bytes=0-9', etag)).toMatchObject({ status: 206 });
    expect(plan('bytes=0-9', '"other"')).toMatchObject({ status: 200 });
    expect(plan('bytes=0-9', 'Wed, 21 Oct 2015 07:28:00 GMT')).toMatchObject({ status: 200 });
  });
});
