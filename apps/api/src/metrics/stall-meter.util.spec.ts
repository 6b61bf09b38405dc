import { describe, expect, it } from 'vitest';
import { StallMeter } from './stall-meter.util.js';

describe('StallMeter', () => {
  it('counts a gap over 1 s after an accepted write, and not one under it', () => {
    const meter = new StallMeter();
    expect(meter.onWrite(0, true)).toBeUndefined();
    expect(meter.onWrite(900, true)).toBeUndefined();
    expect(meter.onWrite(2_400, true)).toBe(1_500);
    expect(meter.onWrite(2_500, true)).toBeUndefined();
    expect(meter).toMatchObject({ stalls: 1, stallMs: 1_500 });
  });

  it('does not count the time the client itself was not reading (backpressure)', () => {
    const meter = new StallMeter();
    meter.onWrite(0, false);
    // socket full for 5 s: the client was slow, not us
    meter.onDrain(5_000);
    expect(meter.onWrite(5_200, true)).toBeUndefined();
    meter.onWrite(5_300, false);
    meter.onDrain(6_000);
    expect(meter.onWrite(7_100, true)).toBe(1_100);
    expect(meter).toMatchObject({ stalls: 1, stallMs: 1_100 });
  });

  it('counts a wait still open when the response ends or the client leaves', () => {
    const meter = new StallMeter();
    meter.onWrite(0, true);
    expect(meter.onEnd(3_000)).toBe(3_000);
    expect(meter.onEnd(9_000)).toBeUndefined();
    expect(meter).toMatchObject({ stalls: 1, stallMs: 3_000 });
  });

  it('ignores the wait before the first byte (that is time to first byte)', () => {
    const meter = new StallMeter();
    expect(meter.onEnd(5_000)).toBeUndefined();
    expect(meter.stalls).toBe(0);
  });
});
