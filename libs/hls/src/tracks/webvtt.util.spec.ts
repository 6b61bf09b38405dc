import { describe, expect, it } from 'vitest';
import { cuesStartingIn, formatVttTime, renderWebVtt } from './webvtt.util.js';

describe('renderWebVtt', () => {
  const cues = [
    { start: 1.0234, end: 3.5, text: 'Hello <i>world</i>' },
    { start: 3725.5, end: 3726, text: 'Line one\nline two' },
  ];

  it('writes hours always and rounds to the millisecond', () => {
    expect(formatVttTime(0)).toBe('00:00:00.000');
    expect(formatVttTime(3725.9996)).toBe('01:02:06.000');
    expect(formatVttTime(-1)).toBe('00:00:00.000');
  });

  it('writes a whole-track file', () => {
    expect(renderWebVtt(cues)).toBe(
      'WEBVTT\n\n00:00:01.023 --> 00:00:03.500\nHello <i>world</i>\n\n01:02:05.500 --> 01:02:06.000\nLine one\nline two\n',
    );
  });

  it('maps the HLS segment onto the MPEG-TS timeline (0 = 1.4 s)', () => {
    expect(renderWebVtt(cues.slice(0, 1), { mpegtsMap: true })).toBe(
      'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n00:00:01.023 --> 00:00:03.500\nHello <i>world</i>\n',
    );
    expect(renderWebVtt([], { mpegtsMap: true })).toBe('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n');
  });

  it('puts each cue in the window where it starts', () => {
    const list = [0, 3.999, 4, 7.5, 8].map((start) => ({ start, end: start + 1, text: String(start) }));
    expect(cuesStartingIn(list, 4, 8).map((cue) => cue.start)).toEqual([4, 7.5]);
    expect(cuesStartingIn(list, 0, 4).map((cue) => cue.start)).toEqual([0, 3.999]);
    expect(cuesStartingIn(list, 8, Number.POSITIVE_INFINITY).map((cue) => cue.start)).toEqual([8]);
  });
});
