import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiParam,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import { ErrorBody } from '../common/error-body.js';
import { FileIdPipe } from '../common/index-param.pipe.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { MediaUrls } from '../common/media-urls.js';
import { PreloadDto, PreloadJobDto } from './preload.dto.js';
import { PreloadService } from './preload.service.js';

@ApiTags('torrents')
@SkipThrottle({ stream: true })
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Over throttle_api_limit; see Retry-After' })
@Controller()
export class PreloadController {
  constructor(
    private readonly preloads: PreloadService,
    private readonly urls: MediaUrls,
  ) {}

  /**
   * Fetches a window of a file ahead of a viewer who will come back to it: `from` a byte
   * offset or `seconds` of media time (a resume position), `bytes` long. Answers at once;
   * the torrent's events show the window's progress. Bounded by the disk budget.
   */
  @Post('torrent/:infoHash/files/:fileId/preload')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiParam({ name: 'infoHash', description: '40 hex or 32 base32 characters', example: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a' })
  @ApiParam({ name: 'fileId', description: 'Index in the torrent file list', example: 0 })
  @ApiAcceptedResponse({ type: PreloadJobDto, description: 'Fetching (or already fetched) the window' })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad info hash, file id or body' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such file in the torrent' })
  @ApiResponse({ status: 416, type: ErrorBody, description: 'The window starts past the end of the file' })
  @ApiUnprocessableEntityResponse({ type: ErrorBody, description: 'Neither or both of from/seconds; or no duration to map seconds' })
  @ApiResponse({ status: 507, type: ErrorBody, description: 'The disk budget has no room and nothing idle to evict' })
  @ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
  async preload(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Body() body: PreloadDto,
    @Req() request: Request,
  ): Promise<PreloadJobDto> {
    const job = await this.preloads.start(infoHash, fileId, body);
    return { ...job, eventsUrl: this.urls.for(request).events(infoHash) };
  }
}
