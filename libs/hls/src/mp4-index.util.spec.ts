import { describe, expect, it } from 'vitest';
import { mp4KeyframeTimes } from './mp4-index.util.js';

const box = (type: string, ...payload: Buffer[]) => {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
};
const u32 = (...values: number[]) => {
  const buf = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => buf.writeInt32BE(v | 0, i * 4));
  return buf;
};
/** version 0 mvhd/mdhd: flags, two dates, timescale, duration. */
const header = (type: string, timescale: number) => box(type, u32(0, 0, 0, timescale, 0));

function movie(options: { edits?: number[][]; ctts?: number[][]; stss?: number[] }): Buffer {
  const stbl = box(
    'stbl',
    box('stts', u32(0, 1, 10, 512)),
    ...(options.ctts ? [box('ctts', u32(0, options.ctts.length, ...options.ctts.flat()))] : []),
    ...(options.stss ? [box('stss', u32(0, options.stss.length, ...options.stss))] : []),
  );
  const trak = box(
    'trak',
    ...(options.edits ? [box('edts', box('elst', u32(0, options.edits.length, ...options.edits.flatMap(([d, t]) => [d, t, 0x10000]))))] : []),
    box('mdia', header('mdhd', 12800), box('hdlr', u32(0, 0), Buffer.from('vide'), u32(0, 0, 0)), box('minf', stbl)),
  );
  return box('moov', header('mvhd', 1000), trak);
}

describe('mp4KeyframeTimes', () => {
  it('times sync samples from stts', () => {
    expect(mp4KeyframeTimes(movie({ stss: [1, 5, 9] }))).toEqual([0, 0.16, 0.32]);
  });

  it('adds composition offsets and subtracts the edit list media time, as ffmpeg does', () => {
    expect(mp4KeyframeTimes(movie({ stss: [1, 6], ctts: [[10, 1024]], edits: [[400, 1024]] }))).toEqual([0, 0.2]);
  });

  it('delays by a leading empty edit', () => {
    expect(mp4KeyframeTimes(movie({ stss: [1], edits: [[500, -1], [400, 0]] }))).toEqual([0.5]);
  });

  it('treats every sample as a keyframe without stss, and gives up on spliced edit lists', () => {
    expect(mp4KeyframeTimes(movie({}))?.length).toBe(10);
    expect(mp4KeyframeTimes(movie({ stss: [1], edits: [[100, 0], [100, 2048]] }))).toBeUndefined();
  });
});
