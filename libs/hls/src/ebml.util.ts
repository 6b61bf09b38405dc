/** Matroska element ids, written with their length-marker bits as the spec lists them. */
export const MkvId = {
  Ebml: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekId: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecId: 0x86,
  TrackTimestampScale: 0x23314f,
  CodecDelay: 0x56aa,
  Cluster: 0x1f43b675,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
} as const;

export interface EbmlElement {
  id: number;
  /** Where the element's id starts. */
  offset: number;
  /** Where its payload starts. */
  start: number;
  /** Payload size; undefined for the "unknown size" that live muxers write. */
  size: number | undefined;
}

/** Thrown for bytes that are not the EBML we expect; the index readers turn it into "no index". */
export class EbmlError extends Error {}

/**
 * A variable-length integer: the leading zero bits of the first byte say how many bytes follow.
 * Ids keep the marker bit (that is how the spec writes them), sizes drop it.
 */
function readVint(buf: Buffer, offset: number, maxLength: number, keepMarker: boolean) {
  if (offset >= buf.length) return undefined;
  const first = buf[offset];
  const length = first === 0 ? 9 : 8 - Math.floor(Math.log2(first));
  if (length > maxLength) throw new EbmlError(`bad vint at ${offset}`);
  if (offset + length > buf.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + buf[offset + i];
    allOnes &&= buf[offset + i] === 0xff;
  }
  return { value, length, allOnes };
}

/** The element header at offset, or undefined when the buffer ends inside it. */
export function readElementHeader(buf: Buffer, offset: number): EbmlElement | undefined {
  const id = readVint(buf, offset, 4, true);
  if (!id) return undefined;
  const size = readVint(buf, offset + id.length, 8, false);
  if (!size) return undefined;
  return { id: id.value, offset, start: offset + id.length + size.length, size: size.allOnes ? undefined : size.value };
}

/**
 * Children of a known-size parent. A child of unknown size, or one running past its parent,
 * means a layout we can't read without the media data: throw rather than guess.
 */
export function* children(buf: Buffer, start: number, end: number): Generator<EbmlElement & { size: number }> {
  let offset = start;
  while (offset < end) {
    const child = readElementHeader(buf, offset);
    if (!child || child.size === undefined || child.start + child.size > end) {
      throw new EbmlError(`unreadable element at ${offset}`);
    }
    yield { ...child, size: child.size };
    offset = child.start + child.size;
  }
}

export function readUint(buf: Buffer, element: { start: number; size: number }): number {
  let value = 0;
  for (let i = 0; i < element.size; i++) value = value * 256 + buf[element.start + i];
  return value;
}

export function readFloat(buf: Buffer, element: { start: number; size: number }): number {
  if (element.size === 4) return buf.readFloatBE(element.start);
  if (element.size === 8) return buf.readDoubleBE(element.start);
  if (element.size === 0) return 0;
  throw new EbmlError(`float of ${element.size} bytes`);
}

/** Strings may be padded with NULs. */
export function readString(buf: Buffer, element: { start: number; size: number }): string {
  return buf.toString('latin1', element.start, element.start + element.size).replace(/\0+$/, '');
}
