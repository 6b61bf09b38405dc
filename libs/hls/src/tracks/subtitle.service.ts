import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BinariesService } from '../binaries.service.js';
import { FfmpegRunner } from '../ffmpeg.runner.js';
import { HlsError, HlsErrorCode } from '../hls.errors.js';
import { HLS_OPTIONS, type HlsModuleOptions } from '../hls.options.js';
import type { HlsSource, SidecarFile } from '../media.types.js';
import { HTTP_RW_TIMEOUT_SECONDS } from '../probe.service.js';
import { shortReason } from '../probe-output.util.js';
import { PromiseCache } from '../promise-cache.util.js';
import { SidecarReader } from './sidecar.reader.js';
import { subtitleExtractArgs, windowReadDone } from './subtitle-args.util.js';
import { parseSubtitles, type Cue } from './subtitle-parse.util.js';
import type { SubtitleTrack } from './track.types.js';
import { cuesStartingIn } from './webvtt.util.js';

/** Reading a whole embedded track means reading the whole file through the swarm. */
const WHOLE_TRACK_TIMEOUT_MS = 15 * 60_000;
const WINDOW_TIMEOUT_MS = 120_000;
/** Past the window's end, ffmpeg has surely handed over every cue that starts in it. */
const WINDOW_READ_PAST_SECONDS = 1;

/**
 * Cues of a subtitle track, as WebVTT-ready text. Whole tracks (the .vtt route) are read once
 * and kept; HLS windows of an embedded track are extracted one segment window at a time,
 * reading only those bytes of the file, unless the whole track is already at hand.
 */
@Injectable()
export class SubtitleService {
  private readonly logger = new Logger(SubtitleService.name);
  private readonly wholeTracks = new PromiseCache<Cue[]>();
  private readonly windows = new PromiseCache<Cue[]>();

  constructor(
    @Inject(HLS_OPTIONS) private readonly options: HlsModuleOptions,
    private readonly binaries: BinariesService,
    private readonly runner: FfmpegRunner,
    private readonly sidecars: SidecarReader,
  ) {}

  wholeTrack(src: HlsSource, track: SubtitleTrack): Promise<Cue[]> {
    assertConvertible(track);
    return this.wholeTracks.get(`${src.fileKey}#sub${track.id}`, () =>
      track.sidecar ? this.sidecars.cues(src, sidecarFile(src, track)) : this.extract(src, track),
    );
  }

  /** Cues starting in [from, to), for one HLS subtitle segment. */
  async window(src: HlsSource, track: SubtitleTrack, from: number, to: number): Promise<Cue[]> {
    assertConvertible(track);
    const key = `${src.fileKey}#sub${track.id}`;
    if (track.sidecar || this.wholeTracks.has(key)) return cuesStartingIn(await this.wholeTrack(src, track), from, to);
    return this.windows.get(`${key}@${from}`, async () =>
      cuesStartingIn(await this.extract(src, track, from, to), from, to),
    );
  }

  forgetTorrent(torrentKey: string): void {
    this.wholeTracks.deleteTorrent(torrentKey);
    this.windows.deleteTorrent(torrentKey);
  }

  private async extract(src: HlsSource, track: SubtitleTrack, from?: number, to?: number): Promise<Cue[]> {
    const started = Date.now();
    const windowed = from !== undefined && to !== undefined;
    const scratch = join(this.options.workDir, '.subtitles');
    const output = windowed ? join(scratch, `${randomUUID()}.vtt`) : 'pipe:1';
    if (windowed) await mkdir(scratch, { recursive: true });
    const args = subtitleExtractArgs({
      url: src.url,
      headers: src.headers,
      streamIndex: track.streamIndex ?? -1,
      output,
      from,
      rwTimeoutSeconds: HTTP_RW_TIMEOUT_SECONDS,
    });
    let interrupted = false;
    try {
      const child = this.runner.run(this.binaries.ffmpeg, args, {
        timeoutMs: windowed ? WINDOW_TIMEOUT_MS : WHOLE_TRACK_TIMEOUT_MS,
        onStdoutLine: windowed
          ? (line) => {
              if (!interrupted && windowReadDone(line, to - from + WINDOW_READ_PAST_SECONDS)) {
                interrupted = true;
                child.interrupt();
              }
            }
          : undefined,
      });
      const result = await child.done;
      // SIGINT makes ffmpeg exit with 255 after writing a complete file
      let text = windowed ? await readFile(output, 'utf8').catch(() => undefined) : result.stdout;
      // ffmpeg opens its WebVTT output at the first packet: a window without a cue, read to its
      // end or to the end of the file, leaves no file at all, and that is an empty window
      if (windowed && text === undefined && !result.killed && (interrupted || result.code === 0)) text = '';
      if (result.killed || text === undefined || (!windowed && result.code !== 0)) {
        throw new HlsError(
          HlsErrorCode.FfmpegFailed,
          'ffmpeg could not read the subtitle track',
          shortReason(result.stderrTail, src.url),
        );
      }
      // ffmpeg's WebVTT keeps ASS bold and underline; ASS is reduced to text with italics, wherever it comes from
      const plain = track.codec === 'ass' || track.codec === 'ssa';
      // a window's timeline starts at 0 at `from` (see subtitleExtractArgs)
      const shift = windowed ? from : 0;
      const cues = parseSubtitles(text, 'webvtt').map((cue) => ({
        start: cue.start + shift,
        end: cue.end + shift,
        text: plain ? cue.text.replace(/<\/?[bu]>/g, '') : cue.text,
      }));
      this.logger.log(
        `Subtitle ${track.id} of ${src.fileName}${windowed ? ` [${from}, ${to})` : ''}: ${cues.length} cues in ${Date.now() - started} ms`,
      );
      return cues;
    } finally {
      if (windowed) await rm(output, { force: true });
    }
  }
}

function sidecarFile(src: HlsSource, track: SubtitleTrack): SidecarFile {
  const file = src.sidecars?.find((sidecar) => sidecar.fileId === track.sidecar?.fileId);
  if (!file) throw new HlsError(HlsErrorCode.TrackNotFound, `Subtitle track ${track.id} is gone`);
  return file;
}

export function assertConvertible(track: SubtitleTrack): void {
  if (!track.convertible) {
    throw new HlsError(
      HlsErrorCode.SubtitleNotConvertible,
      `Subtitle track ${track.id} is ${track.codec}, a picture format that cannot become WebVTT`,
    );
  }
}
