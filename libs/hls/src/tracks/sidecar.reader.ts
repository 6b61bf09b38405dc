import { Injectable, Logger } from '@nestjs/common';
import { HlsError, HlsErrorCode } from '../hls.errors.js';
import type { HlsSource, SidecarFile } from '../media.types.js';
import { parseSubtitles, type Cue, type SubtitleFormat } from './subtitle-parse.util.js';
import { decodeSubtitleBytes } from './subtitle-text.util.js';

/** A two-hour film's SRT is ~100 KB and heavy karaoke ASS a few MB; anything bigger is not a subtitle. */
export const MAX_SIDECAR_BYTES = 8 * 1024 * 1024;
const READ_TIMEOUT_MS = 120_000;

/** Reads a sidecar subtitle file through our own byte-range URL (capped), decodes and parses it. */
@Injectable()
export class SidecarReader {
  private readonly logger = new Logger(SidecarReader.name);

  async cues(video: HlsSource, sidecar: SidecarFile): Promise<Cue[]> {
    if (sidecar.size > MAX_SIDECAR_BYTES) {
      throw new HlsError(
        HlsErrorCode.SubtitleTooLarge,
        `${sidecar.path} is ${sidecar.size} bytes; subtitle files over ${MAX_SIDECAR_BYTES} bytes are refused`,
      );
    }
    if (sidecar.size === 0) throw bad(sidecar, 'it is empty');
    const bytes = await this.read(video, sidecar);
    const decoded = decodeSubtitleBytes(bytes);
    if (!decoded) throw bad(sidecar, 'it is not text');
    const cues = parseSubtitles(decoded.text, sidecar.codec as SubtitleFormat);
    if (cues.length === 0) throw bad(sidecar, `no ${sidecar.codec} cue could be read`);
    this.logger.log(`Sidecar ${sidecar.path} for ${video.fileName}: ${decoded.encoding}, ${cues.length} cues`);
    return cues;
  }

  /** At most MAX_SIDECAR_BYTES, even if the server sent more than the size said. */
  private async read(video: HlsSource, sidecar: SidecarFile): Promise<Uint8Array> {
    const response = await fetch(sidecar.url, {
      headers: { ...video.headers, Range: `bytes=0-${Math.min(sidecar.size, MAX_SIDECAR_BYTES) - 1}` },
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    });
    if (!response.ok || !response.body) {
      throw new HlsError(HlsErrorCode.FfmpegFailed, `Reading ${sidecar.path} failed with HTTP ${response.status}`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      total += chunk.byteLength;
      if (total > MAX_SIDECAR_BYTES) {
        await response.body.cancel();
        throw new HlsError(HlsErrorCode.SubtitleTooLarge, `${sidecar.path} is over ${MAX_SIDECAR_BYTES} bytes`);
      }
    }
    return Buffer.concat(chunks);
  }
}

function bad(sidecar: SidecarFile, reason: string): HlsError {
  return new HlsError(HlsErrorCode.BadSubtitle, `${sidecar.path} is not a usable subtitle file: ${reason}`, reason);
}
