import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBadGatewayResponse,
  ApiGatewayTimeoutResponse,
  ApiResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { HlsService } from '#hls';
import { ErrorBody } from '../common/error-body.js';
import { FileIdPipe, parseIndex } from '../common/index-param.pipe.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { HlsSourceService } from './hls-source.service.js';
import { IMMUTABLE_CACHE_CONTROL } from '../common/http-policy.js';

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
/** Playlists are derived from immutable content, but also from hls_segment_duration. */
const PLAYLIST_CACHE = 'public, max-age=300';

@ApiTags('hls')
@SkipThrottle({ api: true })
@ApiParam({ name: 'infoHash', description: '40 hex or 32 base32 characters', example: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a' })
@ApiParam({ name: 'fileId', description: 'Index in the torrent file list', example: 0 })
@ApiBadRequestResponse({ type: ErrorBody, description: 'Bad info hash, file id or segment id' })
@ApiNotFoundResponse({ type: ErrorBody, description: 'No such file, or a segment past the end' })
@ApiUnsupportedMediaTypeResponse({ type: ErrorBody, description: 'The file is not audio or video' })
@ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'ffprobe cannot read the file' })
@ApiServiceUnavailableResponse({ type: ErrorBody, description: 'All ffmpeg slots are busy; see Retry-After' })
@ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Over throttle_stream_limit; see Retry-After' })
@Controller('hls')
export class HlsController {
  constructor(
    private readonly hls: HlsService,
    private readonly sources: HlsSourceService,
  ) {}

  /** Master playlist with BANDWIDTH, CODECS and RESOLUTION, for Safari and smart TVs. */
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
    // a client that leaves stops the ffmpeg work only it was waiting for
    const abort = new AbortController();
    const onClose = () => abort.abort(new Error('client closed the request'));
    response.once('close', onClose);
    try {
      const segment = await this.hls.segment(source, index, abort.signal);
      if (abort.signal.aborted) return;
      response.status(200).set({
        'Content-Type': 'video/mp2t',
        'Content-Length': String(segment.size),
        'Cache-Control': IMMUTABLE_CACHE_CONTROL,
      });
      pipeline(createReadStream(segment.path), response, () => undefined);
    } catch (err) {
      if (abort.signal.aborted) return;
      throw err;
    } finally {
      response.off('close', onClose);
    }
  }
}
