import { applyDecorators, Controller, Get, Header, Param, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { TracksService, type Rendition } from '#hls';
import { ErrorBody } from '../common/error-body.js';
import { ApiMediaFileRoute } from '../common/media-route.docs.js';
import { FileIdPipe, parseIndex } from '../common/index-param.pipe.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { HlsSourceService } from './hls-source.service.js';
import { PLAYLIST_CACHE, PLAYLIST_TYPE } from './hls.controller.js';
import { sendSegment } from './segment-response.js';

const VTT_TYPE = 'text/vtt; charset=utf-8';
const audioTrackParam = { name: 'trackId', description: 'Audio track id from the torrent JSON', example: 0 };
const subtitleParam = { name: 'trackId', description: 'Subtitle id from the torrent JSON', example: 0 };
const segmentParam = { name: 'segment', description: 'Segment index, from 0', example: 0 };
/** An m3u8 answer: its content type, cache header and OpenAPI response. */
const MediaPlaylist = () =>
  applyDecorators(
    Header('Content-Type', PLAYLIST_TYPE),
    Header('Cache-Control', PLAYLIST_CACHE),
    ApiProduces(PLAYLIST_TYPE),
    ApiOkResponse(playlistResponse),
  );
const diskFull = { status: 507, type: ErrorBody, description: 'No room in the disk budget, and nothing idle to evict' };
const playlistResponse = {
  description: 'An HLS VOD media playlist',
  content: { [PLAYLIST_TYPE]: { schema: { type: 'string' } } },
};
const segmentResponse = {
  description: 'An MPEG-TS segment',
  content: { 'video/mp2t': { schema: { type: 'string', format: 'binary' } } },
};

/**
 * The renditions a master playlist names: video alone, each audio track alone (AAC, same cuts
 * and timeline as the video), and each text subtitle as WebVTT segments.
 */
@ApiTags('hls')
@SkipThrottle({ api: true })
@ApiMediaFileRoute({
  badRequest: 'Bad info hash, file, track or segment id',
  notFound: 'No such file, track, or a segment past the end',
  unsupported: 'Not audio or video, or a picture subtitle (names the codec)',
  unprocessable: 'ffprobe cannot read the file, or the subtitle file is broken',
})
@ApiResponse({ status: 413, type: ErrorBody, description: 'The subtitle file is too large to be one' })
@ApiServiceUnavailableResponse({ type: ErrorBody, description: 'All ffmpeg slots are busy; see Retry-After' })
@ApiBadGatewayResponse({ type: ErrorBody, description: 'ffmpeg failed; the next request starts a fresh run' })
@Controller('hls')
export class HlsRenditionsController {
  constructor(
    private readonly tracks: TracksService,
    private readonly sources: HlsSourceService,
  ) {}

  /** Media playlist of the video without sound (the variant when audio comes from renditions). */
  @Get(':infoHash/:fileId/video/playlist.m3u8')
  @MediaPlaylist()
  async videoPlaylist(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
  ): Promise<string> {
    return this.tracks.renditionPlaylist(await this.sources.sourceOf(infoHash, fileId), { kind: 'video' });
  }

  /** One video-only MPEG-TS segment. */
  @Get(':infoHash/:fileId/video/:segment.ts')
  @ApiParam(segmentParam)
  @ApiProduces('video/mp2t')
  @ApiOkResponse(segmentResponse)
  @ApiResponse(diskFull)
  async videoSegment(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('segment') segment: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.sendRendition(infoHash, fileId, { kind: 'video' }, segment, response);
  }

  /** Media playlist of one audio track: the video's segment boundaries. */
  @Get(':infoHash/:fileId/audio/:trackId/playlist.m3u8')
  @MediaPlaylist()
  @ApiParam(audioTrackParam)
  async audioPlaylist(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('trackId') trackId: string,
  ): Promise<string> {
    const rendition: Rendition = { kind: 'audio', trackId: parseIndex(trackId, 'trackId') };
    return this.tracks.renditionPlaylist(await this.sources.sourceOf(infoHash, fileId), rendition);
  }

  /** One AAC audio segment of one track (5.1 stays 5.1 unless hls_audio_downmix). */
  @Get(':infoHash/:fileId/audio/:trackId/:segment.ts')
  @ApiParam(audioTrackParam)
  @ApiParam(segmentParam)
  @ApiProduces('video/mp2t')
  @ApiOkResponse(segmentResponse)
  @ApiResponse(diskFull)
  async audioSegment(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('trackId') trackId: string,
    @Param('segment') segment: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.sendRendition(
      infoHash,
      fileId,
      { kind: 'audio', trackId: parseIndex(trackId, 'trackId') },
      segment,
      response,
    );
  }

  /** Subtitle media playlist: one WebVTT segment per video segment. */
  @Get(':infoHash/:fileId/subtitles/:trackId/playlist.m3u8')
  @MediaPlaylist()
  @ApiParam(subtitleParam)
  async subtitlePlaylist(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('trackId') trackId: string,
  ): Promise<string> {
    const id = parseIndex(trackId, 'trackId');
    return this.tracks.subtitlePlaylist(await this.sources.sourceOf(infoHash, fileId), id);
  }

  /** The cues that start in one segment's window, with X-TIMESTAMP-MAP onto the MPEG-TS timeline. */
  @Get(':infoHash/:fileId/subtitles/:trackId/:segment.vtt')
  @Header('Content-Type', VTT_TYPE)
  @Header('Cache-Control', PLAYLIST_CACHE)
  @ApiParam(subtitleParam)
  @ApiParam(segmentParam)
  @ApiProduces('text/vtt')
  @ApiOkResponse({ description: 'A WebVTT segment', content: { 'text/vtt': { schema: { type: 'string' } } } })
  async subtitleSegment(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('trackId') trackId: string,
    @Param('segment') segment: string,
  ): Promise<string> {
    const id = parseIndex(trackId, 'trackId');
    const index = parseIndex(segment, 'segment id');
    return this.tracks.subtitleSegment(await this.sources.sourceOf(infoHash, fileId), id, index);
  }

  private async sendRendition(
    infoHash: string,
    fileId: number,
    rendition: Rendition,
    segment: string,
    response: Response,
  ): Promise<void> {
    const index = parseIndex(segment, 'segment id');
    const source = await this.sources.sourceOf(infoHash, fileId);
    await this.sources.makeRoomForSegment(source, index);
    await sendSegment(response, (signal) => this.tracks.renditionSegment(source, rendition, index, signal));
  }
}
