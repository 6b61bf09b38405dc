import { describe, expect, it } from 'vitest';
import { parseBoolean, parseDuration, parseInteger, parseList, parseSize } from './units.util.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['250ms', 250],
    ['30', 30_000],
    [15, 15_000],
    [' 2m ', 120_000],
  ])('%j is %d ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(['', 'soon', '10 minutes', '-5s', '1y', null, true])('%j is NaN', (input) => {
    expect(parseDuration(input)).toBeNaN();
  });
});

describe('parseSize', () => {
  it.each([
    ['512MB', 512 * 1024 * 1024],
    ['20GB', 20 * 1024 ** 3],
    ['1.5KB', 1536],
    ['100', 100],
    [0, 0],
    ['2mb', 2 * 1024 * 1024],
  ])('%j is %d bytes', (input, expected) => {
    expect(parseSize(input)).toBe(expected);
  });

  it.each(['big', '-1MB', '1XB', undefined])('%j is NaN', (input) => {
    expect(parseSize(input)).toBeNaN();
  });
});

describe('parseBoolean / parseList / parseInteger', () => {
  it('reads env-style booleans', () => {
    expect(parseBoolean('TRUE')).toBe(true);
    expect(parseBoolean('off')).toBe(false);
    expect(parseBoolean('maybe')).toBeUndefined();
    expect(parseBoolean(false)).toBe(false);
  });

  it('splits comma lists and keeps YAML lists', () => {
    expect(parseList('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(parseList(['x', ' y '])).toEqual(['x', 'y']);
    expect(parseList(undefined)).toBeUndefined();
  });

  it('accepts only whole numbers', () => {
    expect(parseInteger('42')).toBe(42);
    expect(parseInteger(-3)).toBe(-3);
    expect(parseInteger('4.2')).toBeNaN();
    expect(parseInteger('abc')).toBeNaN();
  });
});
