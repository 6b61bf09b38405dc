import { Injectable, Logger } from '@nestjs/common';
import { PromiseCache } from './promise-cache.util.js';
import { BinariesService } from './binaries.service.js';
import { ffmpegIdentifyArgs, probeArgs } from './ffmpeg-args.util.js';
import { FfmpegRunner } from './ffmpeg.runner.js';
import { HlsActivityHub } from './hls-activity.js';
import { HlsError, HlsErrorCode } from './hls.errors.js';
import { KeyframeIndexReader } from './keyframe-index.reader.js';
import { copyableCueTimes } from './mkv-index.util.js';
import type { HlsSource, MediaInfo } from './media.types.js';
import { parseFfmpegBanner, parseFfprobeJson, shortReason } from './probe-output.util.js';
import { canCopyVideo } from './segment-plan.util.js';

/** Torrent pieces may have to arrive before ffprobe sees the header; don't give up early. */
const PROBE_TIMEOUT_MS = 120_000;
export const HTTP_RW_TIMEOUT_SECONDS = 60;

/**
 * Reads duration, streams and (for MP4 and Matroska) keyframe times through the HTTP URL, so only what the
 * demuxer touches is downloaded. Cached per file: the playlist, master and every run share it.
 */
@Injectable()
export class ProbeService {
  private readonly logger = new Logger(ProbeService.name);
  private readonly cache = new PromiseCache<MediaInfo>();

  constructor(
    private readonly binaries: BinariesService,
    private readonly runner: FfmpegRunner,
    private readonly keyframes: KeyframeIndexReader,
    private readonly activity: HlsActivityHub,
  ) {}

  probe(src: HlsSource): Promise<MediaInfo> {
    return this.cache.get(src.fileKey, () => this.probeUncached(src));
  }

  forgetTorrent(torrentKey: string): void {
    this.cache.deleteTorrent(torrentKey);
  }

  private async probeUncached(src: HlsSource): Promise<MediaInfo> {
    const started = Date.now();
    const info = await this.readHeader(src);
    if (!info.video && !info.audio) throw unprobeable('no audio or video stream');
    if (!(info.durationSeconds > 0)) throw unprobeable('unknown duration');
    if (info.video && (info.video.width <= 0 || info.video.height <= 0)) throw unprobeable('unknown video size');
    if (info.video && canCopyVideo(info.video) && /mp4|mov/.test(info.formatName)) {
      const times = await this.keyframes.mp4Keyframes(src);
      if (times && times.length > 0) info.keyframes = times.map((t) => t - info.startTimeSeconds);
    }
    if (info.video && canCopyVideo(info.video) && /matroska|webm/.test(info.formatName)) {
      const cues = await this.keyframes.mkvKeyframes(src);
      info.keyframes = cues && copyableCueTimes(cues, info.startTimeSeconds, info.video.startTimeSeconds);
    }
    this.logger.log(
      `Probed ${src.fileName} with ${info.probedWith} in ${Date.now() - started} ms: ${info.formatName}, ` +
        `${info.durationSeconds.toFixed(1)} s, video ${info.video?.codec ?? 'none'}, audio ${info.audio?.codec ?? 'none'}, ` +
        `keyframes ${info.keyframes ? info.keyframes.length : 'unknown'}`,
    );
    this.activity.emit({ type: 'probed', torrentKey: src.torrentKey, fileKey: src.fileKey, durationSeconds: info.durationSeconds });
    return info;
  }

  private async readHeader(src: HlsSource): Promise<MediaInfo> {
    const result = await this.runner.exec(this.binaries.ffprobe, probeArgs(src.url, HTTP_RW_TIMEOUT_SECONDS, src.headers), {
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    if (result.code === 0) {
      try {
        return parseFfprobeJson(result.stdout);
      } catch {
        throw unprobeable('ffprobe printed unreadable JSON');
      }
    }
    if (result.killed) throw unprobeable(`ffprobe timed out after ${PROBE_TIMEOUT_MS / 1000} s`);
    // A signal (SIGSEGV in the npm static build on MPEG-TS) is ffprobe's bug, not the file's.
    if (result.signal !== null || result.code === null) {
      this.logger.warn(`ffprobe died (${result.signal ?? 'spawn error'}) on ${src.fileName}; reading the header with ffmpeg`);
      return this.readHeaderWithFfmpeg(src);
    }
    throw unprobeable(shortReason(result.stderrTail, src.url));
  }

  private async readHeaderWithFfmpeg(src: HlsSource): Promise<MediaInfo> {
    const result = await this.runner.exec(this.binaries.ffmpeg, ffmpegIdentifyArgs(src.url, HTTP_RW_TIMEOUT_SECONDS, src.headers), {
      timeoutMs: PROBE_TIMEOUT_MS,
      // MKV tags and chapters can push the stream lines far down
      stderrBytes: 256 * 1024,
    });
    // exits 1 ("At least one output file must be specified") even when the header was read
    const info = parseFfmpegBanner(result.stderrTail);
    if (!info) throw unprobeable(shortReason(result.stderrTail, src.url));
    return info;
  }
}

function unprobeable(reason: string): HlsError {
  return new HlsError(HlsErrorCode.Unprobeable, `Cannot read media: ${reason}`, reason);
}
