import { Injectable, Logger } from '@nestjs/common';
import { mp4KeyframeTimes } from './mp4-index.util.js';

/** A moov past this is not an index we want to hold in memory (a 3 h film's is a few MB). */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/** Top-level boxes we are willing to hop over looking for moov (ftyp, free, mdat, uuid…). */
const MAX_TOP_LEVEL_BOXES = 32;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Reads video keyframe times from an MP4's `moov` by hopping over top-level box headers with
 * small Range requests: 16 bytes per box plus the moov itself, never the media data. That is
 * what lets stream copy cut segments on real keyframes while the playlist stays truthful.
 */
@Injectable()
export class KeyframeIndexReader {
  private readonly logger = new Logger(KeyframeIndexReader.name);

  /** Keyframe times (container timeline, seconds), or undefined when they can't be had cheaply. */
  async mp4Keyframes(url: string): Promise<number[] | undefined> {
    try {
      const first = await this.readRange(url, 0, 15);
      if (!first) return undefined;
      const total = first.total;
      let offset = 0;
      let header = first.data;
      for (let hops = 0; hops < MAX_TOP_LEVEL_BOXES && offset + 8 <= total; hops++) {
        if (hops > 0) {
          const next = await this.readRange(url, offset, Math.min(offset + 15, total - 1));
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
          const moov = await this.readRange(url, offset, offset + size - 1);
          return moov && moov.data.length === size ? mp4KeyframeTimes(moov.data) : undefined;
        }
        offset += size;
      }
      return undefined;
    } catch (error) {
      this.logger.warn(`No keyframe index from ${url}: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async readRange(url: string, start: number, end: number): Promise<{ data: Buffer; total: number } | undefined> {
    const response = await fetch(url, {
      headers: { Range: `bytes=${start}-${end}` },
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
