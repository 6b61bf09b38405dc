import { Controller, Get, Header, Param } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiOkResponse,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { TracksService } from '#hls';
import { ErrorBody } from '../common/error-body.js';
import { ApiMediaFileRoute } from '../common/media-route.docs.js';
import { FileIdPipe, parseIndex } from '../common/index-param.pipe.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { HlsSourceService } from '../hls/hls-source.service.js';

@ApiTags('subtitles')
@SkipThrottle({ api: true })
@Controller('subtitles')
export class SubtitlesController {
  constructor(
    private readonly tracks: TracksService,
    private readonly sources: HlsSourceService,
  ) {}

  /**
   * A whole subtitle track as WebVTT (UTF-8), for `<track src>` beside the byte-range stream.
   * Sidecar files are decoded from their legacy encoding; an embedded track is extracted once
   * (which reads the whole file from the swarm: subtitle packets are interleaved) and kept.
   */
  @Get(':infoHash/:fileId/:trackId.vtt')
  @Header('Content-Type', 'text/vtt; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiMediaFileRoute({
    badRequest: 'Bad info hash, file id or track id',
    notFound: 'No such torrent file or subtitle track',
    unsupported: 'A picture subtitle (the message names the codec)',
    unprocessable: 'The subtitle file is empty, binary or holds no cue',
  })
  @ApiParam({ name: 'trackId', description: 'Subtitle id from the torrent JSON', example: 0 })
  @ApiProduces('text/vtt')
  @ApiOkResponse({ description: 'A WebVTT file', content: { 'text/vtt': { schema: { type: 'string' } } } })
  @ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'The subtitle file is too large to be one (over 8 MiB)' })
  @ApiBadGatewayResponse({ type: ErrorBody, description: 'ffmpeg failed to read the track' })
  async vtt(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('trackId') trackId: string,
  ): Promise<string> {
    const id = parseIndex(trackId, 'trackId');
    return this.tracks.subtitleFile(await this.sources.sourceOf(infoHash, fileId), id);
  }
}
