import { Inject, Injectable } from '@nestjs/common';
import { HlsError, HlsErrorCode } from '../hls.errors.js';
import { HLS_OPTIONS, type HlsModuleOptions } from '../hls.options.js';
import type { HlsSource, Rendition, SegmentFile } from '../media.types.js';
import { renderMasterPlaylist, renderMediaPlaylist, variantAttributes } from '../playlist.util.js';
import { ProbeService } from '../probe.service.js';
import { SegmentService } from '../segment.service.js';
import { planRendition, renditionChannels } from './rendition-plan.util.js';
import { renderRenditionMaster, renditionUris } from './rendition-playlist.util.js';
import { assertConvertible, SubtitleService } from './subtitle.service.js';
import { subtitleTracksOf } from './track-probe.util.js';
import type { MediaTracks, SubtitleTrack } from './track.types.js';
import { renderWebVtt } from './webvtt.util.js';

/**
 * Every track of a file for players: the track list, the master playlist with audio and
 * subtitle renditions, their media playlists and segments, and WebVTT subtitles.
 */
@Injectable()
export class TracksService {
  constructor(
    @Inject(HLS_OPTIONS) private readonly options: HlsModuleOptions,
    private readonly probes: ProbeService,
    private readonly segments: SegmentService,
    private readonly subtitles: SubtitleService,
  ) {}

  /** Audio tracks (audio and video files) and subtitles (video files: embedded, then sidecars) from the probe. */
  async tracks(src: HlsSource): Promise<MediaTracks> {
    const info = await this.probes.probe(src);
    const subtitles = info.video ? subtitleTracksOf(info.subtitleStreams, src.sidecars ?? []) : [];
    return { audio: info.audioTracks, subtitles };
  }

  /**
   * With two or more audio tracks the variant is video alone and every track is an audio
   * rendition; text subtitles become subtitle renditions. Otherwise today's single variant.
   */
  async masterPlaylist(src: HlsSource): Promise<string> {
    const [{ info, plan }, tracks] = await Promise.all([this.segments.filePlan(src), this.tracks(src)]);
    const multiAudio = info.video !== undefined && info.audioTracks.length > 1;
    if (!multiAudio && !tracks.subtitles.some((track) => track.convertible)) return renderMasterPlaylist(info, plan);
    const downmix = this.options.downmixAudio ?? false;
    const audio = multiAudio
      ? info.audioTracks.map((track) => ({ ...track, channels: renditionChannels(track, downmix) }))
      : [];
    let attributes = variantAttributes(info, plan);
    if (multiAudio) {
      const videoPlan = planRendition(plan, info, { kind: 'video' }, downmix);
      const audioPlans = info.audioTracks.map((track) =>
        planRendition(plan, info, { kind: 'audio', trackId: track.id }, downmix),
      );
      const peak = Math.max(...audioPlans.map((p) => p.bandwidth));
      attributes = variantAttributes(info, videoPlan, {
        bandwidth: peak,
        copy: audioPlans.every((p) => p.audio?.mode === 'copy'),
      });
    }
    return renderRenditionMaster(
      { attributes, uri: multiAudio ? renditionUris.video : 'playlist.m3u8' },
      audio,
      tracks.subtitles,
    );
  }

  /** Media playlist of the video-only or one audio rendition: the muxed playlist's very boundaries. */
  async renditionPlaylist(src: HlsSource, rendition: Rendition): Promise<string> {
    const { plan } = await this.segments.filePlan(await this.renditionSource(src, rendition));
    return renderMediaPlaylist(plan.boundaries);
  }

  async renditionSegment(
    src: HlsSource,
    rendition: Rendition,
    index: number,
    signal: AbortSignal,
  ): Promise<SegmentFile> {
    return this.segments.segment(await this.renditionSource(src, rendition), index, signal);
  }

  /** Subtitle media playlist: one WebVTT segment per video segment window. */
  async subtitlePlaylist(src: HlsSource, trackId: number): Promise<string> {
    await this.convertibleSubtitle(src, trackId);
    const { plan } = await this.segments.filePlan(src);
    return renderMediaPlaylist(plan.boundaries, 'vtt');
  }

  /** The cues starting in segment `index`'s window, with X-TIMESTAMP-MAP for the MPEG-TS timeline. */
  async subtitleSegment(src: HlsSource, trackId: number, index: number): Promise<string> {
    const track = await this.convertibleSubtitle(src, trackId);
    const { plan } = await this.segments.filePlan(src);
    const count = plan.boundaries.length - 1;
    if (index >= count)
      throw new HlsError(HlsErrorCode.SegmentNotFound, `Segment ${index} does not exist (0–${count - 1})`);
    // the first window takes cues before 0 too, the last those past the estimated duration
    const from = index === 0 ? 0 : plan.boundaries[index];
    const to = index === count - 1 ? Number.POSITIVE_INFINITY : plan.boundaries[index + 1];
    const cues = await this.subtitles.window(src, track, from, to);
    return renderWebVtt(cues, { mpegtsMap: true });
  }

  /** The whole track as one WebVTT file, for `<track src>` beside a byte-range stream. */
  async subtitleFile(src: HlsSource, trackId: number): Promise<string> {
    const track = await this.subtitleTrack(src, trackId);
    return renderWebVtt(await this.subtitles.wholeTrack(src, track));
  }

  async subtitleTrack(src: HlsSource, trackId: number): Promise<SubtitleTrack> {
    const { subtitles } = await this.tracks(src);
    const track = subtitles[trackId];
    if (!track)
      throw new HlsError(HlsErrorCode.TrackNotFound, `No subtitle track ${trackId} (the file has ${subtitles.length})`);
    return track;
  }

  forgetTorrent(torrentKey: string): void {
    this.subtitles.forgetTorrent(torrentKey);
  }

  private async convertibleSubtitle(src: HlsSource, trackId: number): Promise<SubtitleTrack> {
    const track = await this.subtitleTrack(src, trackId);
    assertConvertible(track);
    return track;
  }

  private async renditionSource(src: HlsSource, rendition: Rendition): Promise<HlsSource> {
    const info = await this.probes.probe(src);
    if (!info.video)
      throw new HlsError(HlsErrorCode.TrackNotFound, `${src.fileName} has no video, so no separate renditions`);
    if (rendition.kind === 'audio' && !info.audioTracks[rendition.trackId]) {
      throw new HlsError(
        HlsErrorCode.TrackNotFound,
        `No audio track ${rendition.trackId} (the file has ${info.audioTracks.length})`,
      );
    }
    return { ...src, rendition };
  }
}
