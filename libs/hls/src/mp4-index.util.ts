/**
 * Keyframe presentation times of the first video track, read from an MP4/MOV `moov` box
 * (stts + ctts + stss, shifted by the edit list) exactly as ffmpeg's mov demuxer will time the
 * packets. Only the index is needed, never the media data in `mdat`.
 * Returns undefined for layouts we don't reproduce faithfully (multi-edit lists, no video).
 */
export function mp4KeyframeTimes(moov: Buffer): number[] | undefined {
  const root = { start: 0, end: moov.length };
  const moovBox = findChild(moov, root, 'moov') ?? root;
  const mvhd = findChild(moov, moovBox, 'mvhd');
  if (!mvhd) return undefined;
  const movieTimescale = readTimescale(moov, mvhd.start);
  for (const trak of children(moov, moovBox)) {
    if (trak.type !== 'trak') continue;
    const mdia = findChild(moov, trak, 'mdia');
    const hdlr = mdia && findChild(moov, mdia, 'hdlr');
    if (!mdia || !hdlr || moov.toString('latin1', hdlr.start + 8, hdlr.start + 12) !== 'vide') continue;
    const mdhd = findChild(moov, mdia, 'mdhd');
    const stbl = findPath(moov, mdia, ['minf', 'stbl']);
    const stts = stbl && findChild(moov, stbl, 'stts');
    if (!mdhd || !stbl || !stts) return undefined;
    const timescale = readTimescale(moov, mdhd.start);
    const edit = readEditShift(moov, findPath(moov, trak, ['edts', 'elst']), movieTimescale);
    if (!edit || timescale <= 0 || movieTimescale <= 0) return undefined;
    const dts = expandStts(moov, stts.start);
    const ctts = findChild(moov, stbl, 'ctts');
    const offsets = ctts ? expandCtts(moov, ctts.start, dts.length) : undefined;
    const stss = findChild(moov, stbl, 'stss');
    const syncSamples = stss ? readStss(moov, stss.start) : dts.map((_, i) => i + 1);
    const times = syncSamples
      .filter((sample) => sample >= 1 && sample <= dts.length)
      .map((sample) => {
        const i = sample - 1;
        const pts = dts[i] + (offsets?.[i] ?? 0) - edit.mediaTime;
        return pts / timescale + edit.delaySeconds;
      });
    return times.sort((a, b) => a - b);
  }
  return undefined;
}

interface Box {
  type: string;
  /** Payload start, after the header. */
  start: number;
  end: number;
}

function* children(buf: Buffer, parent: { start: number; end: number }): Generator<Box> {
  let offset = parent.start;
  while (offset + 8 <= parent.end) {
    let size = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    let header = 8;
    if (size === 1) {
      if (offset + 16 > parent.end) return;
      size = Number(buf.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) {
      size = parent.end - offset;
    }
    if (size < header || offset + size > parent.end) return;
    yield { type, start: offset + header, end: offset + size };
    offset += size;
  }
}

function findChild(buf: Buffer, parent: { start: number; end: number }, type: string): Box | undefined {
  for (const box of children(buf, parent)) if (box.type === type) return box;
  return undefined;
}

function findPath(buf: Buffer, parent: { start: number; end: number }, path: string[]): Box | undefined {
  let box: { start: number; end: number } | undefined = parent;
  for (const type of path) box = box && findChild(buf, box, type);
  return box as Box | undefined;
}

/** mvhd and mdhd share the layout: version, flags, two dates, then the timescale. */
function readTimescale(buf: Buffer, start: number): number {
  return buf.readUInt8(start) === 1 ? buf.readUInt32BE(start + 20) : buf.readUInt32BE(start + 12);
}

/** Leading empty edits delay the track; one media edit says where presentation starts. */
function readEditShift(
  buf: Buffer,
  elst: Box | undefined,
  movieTimescale: number,
): { mediaTime: number; delaySeconds: number } | undefined {
  if (!elst) return { mediaTime: 0, delaySeconds: 0 };
  const version = buf.readUInt8(elst.start);
  const count = buf.readUInt32BE(elst.start + 4);
  const entrySize = version === 1 ? 20 : 12;
  let delay = 0;
  let mediaTime: number | undefined;
  for (let i = 0; i < count; i++) {
    const at = elst.start + 8 + i * entrySize;
    if (at + entrySize > elst.end) return undefined;
    const duration = version === 1 ? Number(buf.readBigUInt64BE(at)) : buf.readUInt32BE(at);
    const time = version === 1 ? Number(buf.readBigInt64BE(at + 8)) : buf.readInt32BE(at + 4);
    if (time === -1) {
      if (mediaTime !== undefined) return undefined;
      delay += duration;
    } else if (mediaTime === undefined) {
      mediaTime = time;
    } else {
      // several media edits splice the timeline; ffmpeg's rebuilt index is not worth imitating
      return undefined;
    }
  }
  return { mediaTime: mediaTime ?? 0, delaySeconds: delay / movieTimescale };
}

function expandStts(buf: Buffer, start: number): number[] {
  const count = buf.readUInt32BE(start + 4);
  const dts: number[] = [];
  let time = 0;
  for (let i = 0; i < count; i++) {
    const samples = buf.readUInt32BE(start + 8 + i * 8);
    const delta = buf.readUInt32BE(start + 12 + i * 8);
    for (let s = 0; s < samples; s++) {
      dts.push(time);
      time += delta;
    }
  }
  return dts;
}

/** Offsets are signed in practice whatever the box version says; ffmpeg reads them so too. */
function expandCtts(buf: Buffer, start: number, sampleCount: number): number[] {
  const count = buf.readUInt32BE(start + 4);
  const offsets: number[] = [];
  for (let i = 0; i < count && offsets.length < sampleCount; i++) {
    const samples = buf.readUInt32BE(start + 8 + i * 8);
    const offset = buf.readInt32BE(start + 12 + i * 8);
    for (let s = 0; s < samples; s++) offsets.push(offset);
  }
  return offsets;
}

function readStss(buf: Buffer, start: number): number[] {
  const count = buf.readUInt32BE(start + 4);
  return Array.from({ length: count }, (_, i) => buf.readUInt32BE(start + 8 + i * 4));
}
