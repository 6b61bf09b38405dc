import { Injectable, Logger } from '@nestjs/common';
import { MkvId, readElementHeader } from './ebml.util.js';
import { mkvKeyframeTimes, readSeekHead, scanMkvHead } from './mkv-index.util.js';
import type { HlsSource } from './media.types.js';
import { mp4KeyframeTimes } from './mp4-index.util.js';

/** Where to read: the URL and the headers each request sends. */
type HttpInput = Pick<HlsSource, 'url' | 'headers'>;

/** A moov past this is not an index we want to hold in memory (a 3 h film's is a few MB). */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/** Top-level boxes we are willing to hop over looking for moov (ftyp, free, mdat, uuid…). */
const MAX_TOP_LEVEL_BOXES = 32;
const REQUEST_TIMEOUT_MS = 60_000;
/** EBML header, SeekHead, Info and Tracks fit in this in practice (ffmpeg's take ~1 KB). */
const MKV_HEAD_BYTES = 64 * 1024;
/** Cues run ~20 bytes a cue point: a few hundred KB even for a long film cut every second. */
const MAX_MKV_ELEMENT_BYTES = 16 * 1024 * 1024;
/** An EBML id (≤ 4 bytes) plus its size (≤ 8 bytes). */
const EBML_HEADER_BYTES = 12;

/**
 * Reads video keyframe times from the container index with a few small Range requests, never
 * the media data: an MP4's `moov` (hopping over top-level box headers, 16 bytes each) or a
 * Matroska file's `Cues` (found through the SeekHead). That is what lets stream copy cut
 * segments on real keyframes while the playlist stays truthful.
 */
@Injectable()
export class KeyframeIndexReader {
  private readonly logger = new Logger(KeyframeIndexReader.name);

  /** Keyframe times (container timeline, seconds), or undefined when they can't be had cheaply. */
  async mp4Keyframes(src: HttpInput): Promise<number[] | undefined> {
    try {
      const first = await this.readRange(src, 0, 15);
      if (!first) return undefined;
      const total = first.total;
      let offset = 0;
      let header = first.data;
      for (let hops = 0; hops < MAX_TOP_LEVEL_BOXES && offset + 8 <= total; hops++) {
        if (hops > 0) {
          const next = await this.readRange(src, offset, Math.min(offset + 15, total - 1));
          if (!next) return undefined;
          header = next.data;
        }
        let size = header.readUInt32BE(0);
        const type = header.toString('latin1', 4, 8);
        if (size === 1 && header.length >= 16) size = Number(header.readBigUInt64BE(8));
        else if (size === 0) size = total - offset;
        if (size < 8) return undefined;
        // fragmented MP4 keeps sample tables per fragment, spread through the file
        if (type === 'moof') return undefined;
        if (type === 'moov') {
          if (size > MAX_MOOV_BYTES) return undefined;
          const moov = await this.readRange(src, offset, offset + size - 1);
          return moov && moov.data.length === size ? mp4KeyframeTimes(moov.data) : undefined;
        }
        offset += size;
      }
      return undefined;
    } catch (error) {
      this.logger.warn(`No keyframe index from ${src.url}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * Cue times of the first video track (Segment timeline, seconds), or undefined when the file
   * has no Cues or they can't be found cheaply: the first 64 KB (EBML header, SeekHead, Info,
   * Tracks), a SeekHead the first one points to, then each element not already in hand.
   */
  async mkvKeyframes(src: HttpInput): Promise<number[] | undefined> {
    try {
      const head = await this.readRange(src, 0, MKV_HEAD_BYTES - 1);
      const layout = head && scanMkvHead(head.data);
      if (!head || !layout) return undefined;
      for (const at of layout.moreSeekHeads.slice(0, 2)) {
        const seekHead = await this.readMkvElement(src, head.data, at, MkvId.SeekHead);
        if (seekHead) readSeekHead(seekHead, 0, layout);
      }
      const element = (id: number) => {
        const at = layout.positions.get(id);
        return at === undefined ? Promise.resolve(undefined) : this.readMkvElement(src, head.data, at, id);
      };
      const info = await element(MkvId.Info);
      const tracks = info && (await element(MkvId.Tracks));
      const cues = tracks && (await element(MkvId.Cues));
      return cues ? mkvKeyframeTimes({ info, tracks, cues }) : undefined;
    } catch (error) {
      this.logger.warn(`No keyframe index from ${src.url}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** One whole element: from the head when it holds it, else its header and then the element. */
  private async readMkvElement(src: HttpInput, head: Buffer, offset: number, id: number): Promise<Buffer | undefined> {
    let header = readElementHeader(head, offset);
    if (!header) {
      const bytes = await this.readRange(src, offset, offset + EBML_HEADER_BYTES - 1);
      header = bytes && readElementHeader(bytes.data, 0);
    }
    if (header?.id !== id || header.size === undefined || header.size > MAX_MKV_ELEMENT_BYTES) return undefined;
    const length = header.start - header.offset + header.size;
    if (offset + length <= head.length) return head.subarray(offset, offset + length);
    const element = await this.readRange(src, offset, offset + length - 1);
    return element?.data.length === length ? element.data : undefined;
  }

  private async readRange(src: HttpInput, start: number, end: number): Promise<{ data: Buffer; total: number } | undefined> {
    const response = await fetch(src.url, {
      headers: { ...src.headers, Range: `bytes=${start}-${end}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1]);
    if (response.status !== 206 || !Number.isFinite(total)) {
      // a server ignoring Range would send the whole file: stop it now
      await response.body?.cancel();
      return undefined;
    }
    return { data: Buffer.from(await response.arrayBuffer()), total };
  }
}
