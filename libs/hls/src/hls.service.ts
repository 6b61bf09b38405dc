import { Injectable } from '@nestjs/common';
import { BinariesService } from './binaries.service.js';
import { FfmpegRunner } from './ffmpeg.runner.js';
import { HlsActivityHub, type HlsActivityListener } from './hls-activity.js';
import { HlsError, HlsErrorCode } from './hls.errors.js';
import type { BinaryInfo, HlsSource, MediaInfo, SegmentFile } from './media.types.js';
import { renderMediaPlaylist } from './playlist.util.js';
import { estimateSegmentBytes } from './segment-plan.util.js';
import { ProbeService } from './probe.service.js';
import { SegmentService } from './segment.service.js';
import { SegmentStore } from './segment.store.js';
import { TracksService } from './tracks/tracks.service.js';

/** The lib's one entry point for the app: playlists, segments, cleanup and stats. */
@Injectable()
export class HlsService {
  constructor(
    private readonly probes: ProbeService,
    private readonly segments: SegmentService,
    private readonly store: SegmentStore,
    private readonly binariesService: BinariesService,
    private readonly runner: FfmpegRunner,
    private readonly activity: HlsActivityHub,
    private readonly tracks: TracksService,
  ) {}

  /** Runs started and segments produced, as they happen (for metrics). */
  onActivity(listener: HlsActivityListener): void {
    this.activity.on(listener);
  }

  probe(src: HlsSource): Promise<MediaInfo> {
    this.assertMedia(src);
    return this.probes.probe(src);
  }

  /** With several audio tracks or any text subtitle: audio and subtitle renditions (TracksService). */
  async masterPlaylist(src: HlsSource): Promise<string> {
    this.assertMedia(src);
    return this.tracks.masterPlaylist(src);
  }

  async mediaPlaylist(src: HlsSource): Promise<string> {
    this.assertMedia(src);
    const { plan } = await this.segments.filePlan(src);
    return renderMediaPlaylist(plan.boundaries);
  }

  /** Resolves with a complete segment file; rejects with HlsError or the signal's reason. */
  segment(src: HlsSource, index: number, signal: AbortSignal): Promise<SegmentFile> {
    this.assertMedia(src);
    return this.segments.segment(src, index, signal);
  }

  /**
   * Bytes segment `index` will add on disk, estimated from the bitrate it is produced at;
   * 0 when it is already there. Lets the owner of the disk budget make room first.
   */
  async segmentBytesToWrite(src: HlsSource, index: number): Promise<number> {
    this.assertMedia(src);
    const { info, plan, dir } = await this.segments.filePlan(src);
    const seconds = (plan.boundaries[index + 1] ?? 0) - (plan.boundaries[index] ?? 0);
    if (seconds <= 0 || (await this.store.find(dir, index))) return 0;
    return estimateSegmentBytes(seconds, plan, info);
  }

  async removeTorrent(torrentKey: string): Promise<void> {
    this.probes.forgetTorrent(torrentKey);
    this.tracks.forgetTorrent(torrentKey);
    await this.segments.removeTorrent(torrentKey);
  }

  /** Segment-producing ffmpeg runs (probes are short and not counted). */
  activeRuns(): number {
    return this.segments.activeRuns();
  }

  /** ffmpeg/ffprobe children alive right now, probes included. */
  activeProcesses(): number {
    return this.runner.count();
  }

  binaries(): { ffmpeg: BinaryInfo; ffprobe: BinaryInfo } {
    return this.binariesService.binaries();
  }

  private assertMedia(src: HlsSource): void {
    if (src.kind === 'other') {
      throw new HlsError(HlsErrorCode.NotMedia, `${src.fileName} is not an audio or video file`);
    }
  }
}
