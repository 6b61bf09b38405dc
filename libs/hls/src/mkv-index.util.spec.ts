import { describe, expect, it } from 'vitest';
import { MkvId, readElementHeader } from './ebml.util.js';
import { copyableCueTimes, mkvKeyframeTimes, readSeekHead, scanMkvHead } from './mkv-index.util.js';

// Hand-built EBML: ids as the spec writes them, sizes as 4-byte vints (or the 1-byte "unknown").
const idBytes = (id: number) =>
  Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
const el = (id: number, ...payload: Buffer[]) => {
  const body = Buffer.concat(payload);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(0x10000000 | body.length);
  return Buffer.concat([idBytes(id), size, body]);
};
const unknownSize = (id: number, ...payload: Buffer[]) => Buffer.concat([idBytes(id), Buffer.from([0xff]), ...payload]);
const uint = (id: number, value: number) =>
  el(id, Buffer.from(value.toString(16).padStart(value > 0xffff ? 8 : 4, '0'), 'hex'));
const str = (id: number, value: string) => el(id, Buffer.from(value, 'latin1'));
const double = (id: number, value: number) => {
  const buf = Buffer.alloc(8);
  buf.writeDoubleBE(value);
  return el(id, buf);
};

const ebmlHeader = (docType = 'matroska') => el(MkvId.Ebml, str(MkvId.DocType, docType));
const info = (scale?: number) => el(MkvId.Info, ...(scale ? [uint(MkvId.TimestampScale, scale)] : []));
const track = (number: number, type: number, codec: string, ...extra: Buffer[]) =>
  el(
    MkvId.TrackEntry,
    uint(MkvId.TrackNumber, number),
    uint(MkvId.TrackType, type),
    str(MkvId.CodecId, codec),
    ...extra,
  );
const VIDEO = 1;
const AUDIO = 2;
const h264Tracks = el(MkvId.Tracks, track(1, VIDEO, 'V_MPEG4/ISO/AVC'), track(2, AUDIO, 'A_AAC'));
const cuePoint = (time: number, ...tracks: number[]) =>
  el(
    MkvId.CuePoint,
    uint(MkvId.CueTime, time),
    ...tracks.map((t) => el(MkvId.CueTrackPositions, uint(MkvId.CueTrack, t), uint(0xf1, 1234))),
  );
const cues = (...points: Buffer[]) => el(MkvId.Cues, ...points);
const cluster = (bytes = 5000) => el(MkvId.Cluster, uint(0xe7, 0), el(0xa3, Buffer.alloc(bytes)));
const seekHead = (entries: [number, number][]) =>
  el(
    MkvId.SeekHead,
    ...entries.map(([id, position]) =>
      el(MkvId.Seek, el(MkvId.SeekId, idBytes(id)), uint(MkvId.SeekPosition, position)),
    ),
  );

/** Lays out level-1 elements in a Segment, with the SeekHead (if any) first, pointing at the named ones. */
function file(elements: Buffer[], options: { seek?: number[]; unknownSegment?: boolean } = {}): Buffer {
  const idOf = (buf: Buffer) => readElementHeader(buf, 0)?.id ?? 0;
  // a fixed-size SeekHead: positions depend on its size, so build it twice
  const positionsAfter = (head: Buffer) => {
    const result: [number, number][] = [];
    let at = head.length;
    for (const element of elements) {
      if (options.seek?.includes(idOf(element)) && !result.some(([id]) => id === idOf(element)))
        result.push([idOf(element), at]);
      at += element.length;
    }
    return result;
  };
  const head = options.seek ? seekHead(positionsAfter(seekHead(positionsAfter(Buffer.alloc(0))))) : Buffer.alloc(0);
  const body = [head, ...elements];
  return Buffer.concat([
    ebmlHeader(),
    options.unknownSegment ? unknownSize(MkvId.Segment, ...body) : el(MkvId.Segment, ...body),
  ]);
}

/** What the reader does over HTTP, done on a buffer: scan the head, then cut each element out. */
function index(buf: Buffer, headBytes = 1024): number[] | undefined {
  const layout = scanMkvHead(buf.subarray(0, headBytes));
  if (!layout) return undefined;
  for (const at of layout.moreSeekHeads) readSeekHead(wholeAt(buf, at), 0, layout);
  const part = (id: number) => {
    const at = layout.positions.get(id);
    return at === undefined ? undefined : wholeAt(buf, at);
  };
  const [i, t, c] = [part(MkvId.Info), part(MkvId.Tracks), part(MkvId.Cues)];
  return i && t && c ? mkvKeyframeTimes({ info: i, tracks: t, cues: c }) : undefined;
}
const wholeAt = (buf: Buffer, at: number) => {
  const header = readElementHeader(buf, at);
  return buf.subarray(at, (header?.start ?? at) + (header?.size ?? 0));
};

describe('scanMkvHead + mkvKeyframeTimes', () => {
  const cuesAt1ms = cues(cuePoint(23, 1, 2), cuePoint(2023, 1), cuePoint(3000, 2), cuePoint(4023, 1));

  it('finds Cues after the clusters through the SeekHead, as ffmpeg writes them', () => {
    const buf = file([info(), h264Tracks, cluster(), cluster(), cuesAt1ms], {
      seek: [MkvId.Info, MkvId.Tracks, MkvId.Cues],
    });
    expect(index(buf)).toEqual([0.023, 2.023, 4.023]);
  });

  it('finds Cues before the clusters without any SeekHead', () => {
    expect(index(file([info(), h264Tracks, cuesAt1ms, cluster()]))).toEqual([0.023, 2.023, 4.023]);
  });

  it('gives up on Cues after the clusters that no SeekHead names', () => {
    const buf = file([info(), h264Tracks, cluster(), cuesAt1ms], { seek: [MkvId.Info, MkvId.Tracks] });
    expect(scanMkvHead(buf.subarray(0, 1024))?.positions.has(MkvId.Cues)).toBe(false);
    expect(index(buf)).toBeUndefined();
  });

  it('follows a SeekHead that points to a second one at the end', () => {
    const tail = (at: number) => seekHead([[MkvId.Cues, at]]);
    const elements = [info(), h264Tracks, cluster(), cuesAt1ms];
    const first = file([...elements, tail(0)], { seek: [MkvId.Info, MkvId.Tracks, MkvId.SeekHead] });
    const segmentStart = scanMkvHead(first)?.segmentStart ?? 0;
    const cuesAt = first.length - tail(0).length - cuesAt1ms.length - segmentStart;
    const buf = Buffer.concat([first.subarray(0, first.length - tail(0).length), tail(cuesAt)]);
    expect(scanMkvHead(buf.subarray(0, 1024))?.moreSeekHeads).toHaveLength(1);
    expect(index(buf)).toEqual([0.023, 2.023, 4.023]);
  });

  it('reads an unknown-size Segment, and stops the head scan at an unknown-size element', () => {
    expect(index(file([info(), h264Tracks, cuesAt1ms, cluster()], { unknownSegment: true }))).toEqual([
      0.023, 2.023, 4.023,
    ]);
    // an unknown-size Tags element can't be hopped over: the Cues behind it stay unseen
    const tags = unknownSize(0x1254c367, el(0x7373));
    const live = Buffer.concat([
      ebmlHeader(),
      unknownSize(MkvId.Segment, info(), h264Tracks, tags, cuesAt1ms, cluster()),
    ]);
    expect(scanMkvHead(live)?.positions.has(MkvId.Tracks)).toBe(true);
    expect(scanMkvHead(live)?.positions.has(MkvId.Cues)).toBe(false);
  });

  it('gives up on unknown-size Cues or an unknown-size element inside them', () => {
    expect(
      mkvKeyframeTimes({ info: info(), tracks: h264Tracks, cues: unknownSize(MkvId.Cues, cuePoint(0, 1)) }),
    ).toBeUndefined();
    const odd = cues(cuePoint(0, 1), unknownSize(MkvId.CuePoint, uint(MkvId.CueTime, 5)));
    expect(mkvKeyframeTimes({ info: info(), tracks: h264Tracks, cues: odd })).toBeUndefined();
  });

  it('scales CueTime by a TimestampScale other than 1 ms', () => {
    const points = cues(cuePoint(0, 1), cuePoint(20_020, 1), cuePoint(40_040, 1));
    expect(mkvKeyframeTimes({ info: info(100_000), tracks: h264Tracks, cues: points })).toEqual([0, 2.002, 4.004]);
    // 1/90000 s ticks, as some muxers write for MPEG-TS sources
    expect(mkvKeyframeTimes({ info: info(11_111), tracks: h264Tracks, cues: cues(cuePoint(180_000, 1)) })).toEqual([
      1.99998,
    ]);
  });

  it('takes the first video track of several, and only the cue points for it', () => {
    const tracks = el(
      MkvId.Tracks,
      track(1, AUDIO, 'A_AAC'),
      track(2, VIDEO, 'V_MPEG4/ISO/AVC'),
      track(3, VIDEO, 'V_MPEG4/ISO/AVC'),
    );
    const points = cues(
      cuePoint(0, 1, 2),
      cuePoint(1000, 1),
      cuePoint(1500, 3),
      cuePoint(2000, 2),
      cuePoint(2000, 2, 3),
    );
    expect(mkvKeyframeTimes({ info: info(), tracks, cues: points })).toEqual([0, 2]);
  });

  it('refuses video that is not plainly timed H.264, or has no cue', () => {
    const tracksOf = (...entries: Buffer[]) =>
      mkvKeyframeTimes({ info: info(), tracks: el(MkvId.Tracks, ...entries), cues: cuesAt1ms });
    expect(tracksOf(track(1, VIDEO, 'V_MPEGH/ISO/HEVC'))).toBeUndefined();
    expect(tracksOf(track(1, VIDEO, 'V_MPEG4/ISO/AVC', double(MkvId.TrackTimestampScale, 2)))).toBeUndefined();
    expect(tracksOf(track(1, VIDEO, 'V_MPEG4/ISO/AVC', double(MkvId.TrackTimestampScale, 1)))).toEqual([
      0.023, 2.023, 4.023,
    ]);
    expect(tracksOf(track(2, AUDIO, 'A_AAC'))).toBeUndefined();
    expect(mkvKeyframeTimes({ info: info(), tracks: h264Tracks, cues: cues(cuePoint(0, 2)) })).toBeUndefined();
  });

  it('is not fooled by other EBML documents or truncated heads', () => {
    const webm = Buffer.concat([ebmlHeader('webm'), el(MkvId.Segment, info())]);
    expect(scanMkvHead(webm)?.segmentStart).toBe(ebmlHeader('webm').length + 8);
    expect(scanMkvHead(Buffer.concat([ebmlHeader('notmkv'), el(MkvId.Segment)]))).toBeUndefined();
    expect(scanMkvHead(ebmlHeader().subarray(0, 6))).toBeUndefined();
    expect(scanMkvHead(Buffer.from('ftypisom'))).toBeUndefined();
  });
});

describe('copyableCueTimes', () => {
  it('shifts onto the start-at-zero timeline when video starts on its first cue, near 0', () => {
    expect(copyableCueTimes([0.023, 2.023], 0, 0.023)).toEqual([0.023, 2.023]);
    expect(copyableCueTimes([10.5, 12.5], 10.5)).toEqual([0, 2]);
  });

  it('refuses a late video start or frames before the first cue', () => {
    expect(copyableCueTimes([3, 5], 0, 3)).toBeUndefined();
    expect(copyableCueTimes([0.2, 2.2], 0, 0.023)).toBeUndefined();
    expect(copyableCueTimes([], 0)).toBeUndefined();
  });
});
