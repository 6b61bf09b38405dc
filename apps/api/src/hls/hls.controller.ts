import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { HlsService } from '#hls';
import { ErrorBody } from '../common/error-body.js';
import { ApiMediaFileRoute } from '../common/media-route.docs.js';
import { FileIdPipe, parseIndex } from '../common/index-param.pipe.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { HlsSourceService } from './hls-source.service.js';
import { sendSegment } from './segment-response.js';

export const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
/** Playlists are derived from immutable content, but also from hls_segment_duration. */
export const PLAYLIST_CACHE = 'public, max-age=300';

@ApiTags('hls')
@SkipThrottle({ api: true })
@ApiMediaFileRoute({
  badRequest: 'Bad info hash, file id or segment id',
  notFound: 'No such file, or a segment past the end',
  unsupported: 'The file is not audio or video',
  unprocessable: 'ffprobe cannot read the file',
})
@ApiServiceUnavailableResponse({ type: ErrorBody, description: 'All ffmpeg slots are busy; see Retry-After' })
@Controller('hls')
export class HlsController {
  constructor(
    private readonly hls: HlsService,
    private readonly sources: HlsSourceService,
  ) {}

  /**
   * Master playlist with BANDWIDTH, CODECS and RESOLUTION, for Safari and smart TVs. With two or
   * more audio tracks, each is an `#EXT-X-MEDIA:TYPE=AUDIO` rendition beside a video-only variant;
   * text subtitles are `TYPE=SUBTITLES` renditions.
   */
  @Get(':infoHash/:fileId/master.m3u8')
  @Header('Content-Type', PLAYLIST_TYPE)
  @Header('Cache-Control', PLAYLIST_CACHE)
  @ApiProduces(PLAYLIST_TYPE)
  @ApiOkResponse({ description: 'An HLS master playlist', content: { [PLAYLIST_TYPE]: { schema: { type: 'string' } } } })
  async master(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
  ): Promise<string> {
    return this.hls.masterPlaylist(await this.sources.sourceOf(infoHash, fileId));
  }

  /** VOD media playlist covering the whole duration, so players can seek anywhere at once. */
  @Get(':infoHash/:fileId/playlist.m3u8')
  @Header('Content-Type', PLAYLIST_TYPE)
  @Header('Cache-Control', PLAYLIST_CACHE)
  @ApiProduces(PLAYLIST_TYPE)
  @ApiOkResponse({ description: 'An HLS VOD media playlist', content: { [PLAYLIST_TYPE]: { schema: { type: 'string' } } } })
  async playlist(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
  ): Promise<string> {
    return this.hls.mediaPlaylist(await this.sources.sourceOf(infoHash, fileId));
  }

  /**
   * One MPEG-TS segment (H.264 + AAC), produced on demand and kept on disk.
   * Sequential requests share one ffmpeg run; a far seek restarts it there.
   */
  @Get(':infoHash/:fileId/:segment.ts')
  @ApiParam({ name: 'segment', description: 'Segment index, from 0', example: 0 })
  @ApiProduces('video/mp2t')
  @ApiOkResponse({ description: 'An MPEG-TS segment', content: { 'video/mp2t': { schema: { type: 'string', format: 'binary' } } } })
  @ApiBadGatewayResponse({ type: ErrorBody, description: 'ffmpeg failed; the next request starts a fresh run' })
  @ApiResponse({ status: 507, type: ErrorBody, description: 'No room in the disk budget, and nothing idle to evict' })
  async segment(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('segment') segmentParam: string,
    @Res() response: Response,
  ): Promise<void> {
    const index = parseIndex(segmentParam, 'segment id');
    const source = await this.sources.sourceOf(infoHash, fileId);
    await this.sources.makeRoomForSegment(source, index);
    await sendSegment(response, (signal) => this.hls.segment(source, index, signal));
  }
}
