import {
  children,
  EbmlError,
  MkvId,
  readElementHeader,
  readFloat,
  readString,
  readUint,
  type EbmlElement,
} from './ebml.util.js';

/** Where the elements we need sit, learned from the first bytes of the file. */
export interface MkvLayout {
  /** SeekHead positions count from the Segment payload. */
  segmentStart: number;
  /** Absolute offsets of Info, Tracks and Cues: headers met before the first Cluster, else SeekHead entries. */
  positions: Map<number, number>;
  /** SeekHeads that a SeekHead points to but the head did not hold (mkvmerge may put one at the end). */
  moreSeekHeads: number[];
}

/** A video track starting this late after the container start is a cut or a gap, not priming. */
const MAX_VIDEO_START_SECONDS = 0.5;
/** ffprobe prints start times to the microsecond; cue times are whole ticks (usually 1 ms). */
const SAME_TIME_SECONDS = 0.002;
const WANTED = new Set<number>([MkvId.Info, MkvId.Tracks, MkvId.Cues]);
const VIDEO_TRACK_TYPE = 1;
const H264_CODEC_ID = 'V_MPEG4/ISO/AVC';

/**
 * Reads the EBML header, finds the Segment and hops over its level-1 elements up to the first
 * Cluster (or the end of `head`), collecting SeekHead entries on the way. Undefined when this is
 * not Matroska/WebM. Never needs the clusters themselves.
 */
export function scanMkvHead(head: Buffer): MkvLayout | undefined {
  try {
    const ebml = readElementHeader(head, 0);
    if (ebml?.id !== MkvId.Ebml || ebml.size === undefined || ebml.start + ebml.size > head.length) return undefined;
    const docType = find(head, ebml.start, ebml.start + ebml.size, MkvId.DocType);
    if (!docType || !['matroska', 'webm'].includes(readString(head, docType))) return undefined;
    let segment: EbmlElement | undefined;
    for (let offset = ebml.start + ebml.size; !segment;) {
      const element = readElementHeader(head, offset);
      // a live muxer leaves the Segment's size unknown; its children are still where they are
      if (element?.id === MkvId.Segment) segment = element;
      else if (element?.size === undefined) return undefined;
      else offset = element.start + element.size;
    }
    const layout: MkvLayout = { segmentStart: segment.start, positions: new Map(), moreSeekHeads: [] };
    const seen = new Map<number, number>();
    const seekHeadsRead = new Set<number>();
    let offset = segment.start;
    for (let element = readElementHeader(head, offset); element; element = readElementHeader(head, offset)) {
      // a live muxer's unknown-size element can only be crossed by parsing its children
      if (element.id === MkvId.Cluster || element.size === undefined) break;
      if (!seen.has(element.id)) seen.set(element.id, element.offset);
      if (element.id === MkvId.SeekHead && element.start + element.size <= head.length) {
        readSeekHead(head, element.offset, layout);
        seekHeadsRead.add(element.offset);
      }
      offset = element.start + element.size;
    }
    // a header we actually met beats what a SeekHead claims
    for (const [id, at] of seen) if (WANTED.has(id)) layout.positions.set(id, at);
    layout.moreSeekHeads = layout.moreSeekHeads.filter((at) => !seekHeadsRead.has(at));
    return layout;
  } catch (error) {
    if (error instanceof EbmlError) return undefined;
    throw error;
  }
}

/** Adds the entries of the SeekHead element at `offset` in `buf` (a whole element) to the layout. */
export function readSeekHead(buf: Buffer, offset: number, layout: MkvLayout): void {
  const seekHead = whole(buf, offset, MkvId.SeekHead);
  for (const seek of children(buf, seekHead.start, seekHead.start + seekHead.size)) {
    if (seek.id !== MkvId.Seek) continue;
    const id = find(buf, seek.start, seek.start + seek.size, MkvId.SeekId);
    const position = find(buf, seek.start, seek.start + seek.size, MkvId.SeekPosition);
    if (!id || !position) continue;
    const target = readUint(buf, id);
    const at = layout.segmentStart + readUint(buf, position);
    if (target === MkvId.SeekHead) layout.moreSeekHeads.push(at);
    else if (WANTED.has(target) && !layout.positions.has(target)) layout.positions.set(target, at);
  }
}

/**
 * Keyframe times (seconds on the Segment timeline) of the first video track, read from Cues:
 * every CuePoint with a CueTrackPositions for that track. Cue points are keyframes, though often
 * fewer than all of them (ffmpeg writes one per cluster), so cutting only there stays truthful.
 * Each argument is one whole element. Undefined unless the video track is H.264 timed the
 * plain way (no TrackTimestampScale, no CodecDelay) and has at least one cue.
 */
export function mkvKeyframeTimes(parts: { info: Buffer; tracks: Buffer; cues: Buffer }): number[] | undefined {
  try {
    const info = whole(parts.info, 0, MkvId.Info);
    const scale = find(parts.info, info.start, info.start + info.size, MkvId.TimestampScale);
    const nanosPerTick = scale ? readUint(parts.info, scale) : 1_000_000;
    const video = firstVideoTrack(parts.tracks);
    if (!video || video.codecId !== H264_CODEC_ID || video.timestampScale !== 1 || video.codecDelay !== 0)
      return undefined;
    const cues = whole(parts.cues, 0, MkvId.Cues);
    const ticks = new Set<number>();
    for (const point of children(parts.cues, cues.start, cues.start + cues.size)) {
      if (point.id !== MkvId.CuePoint) continue;
      let time: number | undefined;
      let forVideo = false;
      for (const child of children(parts.cues, point.start, point.start + point.size)) {
        if (child.id === MkvId.CueTime) time = readUint(parts.cues, child);
        if (child.id !== MkvId.CueTrackPositions) continue;
        const track = find(parts.cues, child.start, child.start + child.size, MkvId.CueTrack);
        forVideo ||= track !== undefined && readUint(parts.cues, track) === video.number;
      }
      if (time !== undefined && forVideo) ticks.add(time);
    }
    const times = [...ticks].sort((a, b) => a - b).map((tick) => (tick * nanosPerTick) / 1e9);
    return times.length > 0 ? times : undefined;
  } catch (error) {
    if (error instanceof EbmlError) return undefined;
    throw error;
  }
}

/**
 * Cue times shifted onto the start-at-zero timeline, if copying them is safe. Like an MP4 edit
 * list, a video track that starts late, or starts before its first cue (frames that can't be
 * decoded on their own), would make segment 0 wrong: then undefined, and we re-encode.
 * `videoStart` is ffprobe's start time for the stream, when it gave one.
 */
export function copyableCueTimes(
  cueTimes: readonly number[],
  containerStart: number,
  videoStart?: number,
): number[] | undefined {
  const first = cueTimes[0];
  if (first === undefined || first - containerStart > MAX_VIDEO_START_SECONDS) return undefined;
  if (videoStart !== undefined && Math.abs(first - videoStart) > SAME_TIME_SECONDS) return undefined;
  return cueTimes.map((time) => time - containerStart);
}

interface TrackEntry {
  number: number;
  codecId: string;
  timestampScale: number;
  codecDelay: number;
}

/** The first video TrackEntry: ffmpeg numbers its streams in track order, and so picks the same one. */
function firstVideoTrack(buf: Buffer): TrackEntry | undefined {
  const tracks = whole(buf, 0, MkvId.Tracks);
  for (const entry of children(buf, tracks.start, tracks.start + tracks.size)) {
    if (entry.id !== MkvId.TrackEntry) continue;
    const track: TrackEntry = { number: 0, codecId: '', timestampScale: 1, codecDelay: 0 };
    let type = 0;
    for (const field of children(buf, entry.start, entry.start + entry.size)) {
      if (field.id === MkvId.TrackNumber) track.number = readUint(buf, field);
      else if (field.id === MkvId.TrackType) type = readUint(buf, field);
      else if (field.id === MkvId.CodecId) track.codecId = readString(buf, field);
      else if (field.id === MkvId.TrackTimestampScale) track.timestampScale = readFloat(buf, field);
      else if (field.id === MkvId.CodecDelay) track.codecDelay = readUint(buf, field);
    }
    if (type === VIDEO_TRACK_TYPE) return track.number > 0 ? track : undefined;
  }
  return undefined;
}

/** The known-size element with this id at offset, complete within buf. */
function whole(buf: Buffer, offset: number, id: number): EbmlElement & { size: number } {
  const element = readElementHeader(buf, offset);
  if (element?.id !== id || element.size === undefined || element.start + element.size > buf.length) {
    throw new EbmlError(`no complete element ${id.toString(16)} at ${offset}`);
  }
  return { ...element, size: element.size };
}

function find(buf: Buffer, start: number, end: number, id: number) {
  for (const child of children(buf, start, end)) if (child.id === id) return child;
  return undefined;
}
