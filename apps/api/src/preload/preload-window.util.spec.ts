import { describe, expect, it } from 'vitest';
import { preloadWindow } from './preload-window.util.js';

describe('preloadWindow', () => {
  it('starts at a byte offset and cuts the window at the end of the file', () => {
    expect(preloadWindow({ size: 1000, from: 100, bytes: 50 })).toEqual({ ok: true, from: 100, to: 149 });
    expect(preloadWindow({ size: 1000, from: 990, bytes: 50 })).toEqual({ ok: true, from: 990, to: 999 });
  });

  it('maps a media time to bytes by the average bitrate', () => {
    expect(preloadWindow({ size: 1000, seconds: 30, durationSeconds: 120, bytes: 100 })).toEqual({ ok: true, from: 250, to: 349 });
  });

  it('keeps the window within the disk budget bound', () => {
    expect(preloadWindow({ size: 10_000, from: 0, bytes: 5000, maxBytes: 1000 })).toEqual({ ok: true, from: 0, to: 999 });
  });

  it('refuses a start at or past the end, in bytes or in time', () => {
    expect(preloadWindow({ size: 1000, from: 1000, bytes: 1 })).toEqual({ ok: false, reason: 'byte 1000 is past the end of the 1000-byte file' });
    expect(preloadWindow({ size: 1000, seconds: 120, durationSeconds: 120, bytes: 1 })).toMatchObject({ ok: false });
    expect(preloadWindow({ size: 1000, seconds: 1, bytes: 1 })).toEqual({ ok: false, reason: 'the file has no known duration' });
  });
});
