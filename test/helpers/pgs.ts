/**
 * A Blu-ray PGS subtitle stream (`.sup`), written by hand: ffmpeg encodes picture subtitles
 * only from pictures (never from text), so a test that needs a picture track makes the
 * pictures here and lets ffmpeg mux them (`-c:s copy`) or re-encode them (`-c:s dvdsub`).
 * Each cue is one white rectangle, shown at `start` and cleared at `end`.
 */
const WIDTH = 320;
const HEIGHT = 180;
const BOX = { x: 60, y: 130, width: 200, height: 30 };

// an object, not an enum: the bench imports this through Node's type stripping, which has no enums
const Segment = {
  Palette: 0x14,
  Object: 0x15,
  Composition: 0x16,
  Window: 0x17,
  End: 0x80,
} as const;

export function pgsStream(cues: readonly { start: number; end: number }[]): Buffer {
  return Buffer.concat(cues.flatMap((cue, i) => [...showSet(cue.start, i * 2), ...clearSet(cue.end, i * 2 + 1)]));
}

function showSet(seconds: number, composition: number): Buffer[] {
  const pts = Math.round(seconds * 90_000);
  const objects = [u16(0), u8(0), u8(0), u16(BOX.x), u16(BOX.y)];
  return [
    segment(pts, Segment.Composition, [...screen(composition, 0x80), u8(1), ...objects]),
    segment(pts, Segment.Window, windows()),
    // entry 0 transparent, entry 1 opaque white (Y Cr Cb A)
    segment(pts, Segment.Palette, [u8(0), u8(0), u8(0), u8(16), u8(128), u8(128), u8(0), u8(1), u8(235), u8(128), u8(128), u8(255)]),
    segment(pts, Segment.Object, objectData()),
    segment(pts, Segment.End, []),
  ];
}

function clearSet(seconds: number, composition: number): Buffer[] {
  const pts = Math.round(seconds * 90_000);
  return [
    segment(pts, Segment.Composition, [...screen(composition, 0x00), u8(0)]),
    segment(pts, Segment.Window, windows()),
    segment(pts, Segment.End, []),
  ];
}

/** Video size, frame rate code, composition number and state, no palette update, palette 0. */
function screen(composition: number, state: number): Buffer[] {
  return [u16(WIDTH), u16(HEIGHT), u8(0x10), u16(composition), u8(state), u8(0), u8(0)];
}

function windows(): Buffer[] {
  return [u8(1), u8(0), u16(BOX.x), u16(BOX.y), u16(BOX.width), u16(BOX.height)];
}

/** One object, first and last fragment: its size, then each line run-length coded in colour 1. */
function objectData(): Buffer[] {
  const line = Buffer.from([0x00, 0xc0 | (BOX.width >> 8), BOX.width & 0xff, 0x01, 0x00, 0x00]);
  const rle = Buffer.concat(Array.from({ length: BOX.height }, () => line));
  const length = rle.length + 4;
  return [u16(0), u8(0), u8(0xc0), u8(length >> 16), u16(length & 0xffff), u16(BOX.width), u16(BOX.height), rle];
}

function segment(pts: number, type: (typeof Segment)[keyof typeof Segment], parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(13);
  header.write('PG', 0, 'latin1');
  header.writeUInt32BE(pts, 2);
  header.writeUInt32BE(0, 6);
  header.writeUInt8(type, 10);
  header.writeUInt16BE(body.length, 11);
  return Buffer.concat([header, body]);
}

const u8 = (value: number) => Buffer.from([value & 0xff]);
const u16 = (value: number) => {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value & 0xffff);
  return buffer;
};
