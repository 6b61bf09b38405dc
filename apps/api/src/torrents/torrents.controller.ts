import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseFilePipeBuilder,
  Post,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiServiceUnavailableResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiGatewayTimeoutResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import { ErrorBody } from '../common/error-body.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { MediaUrls } from '../common/media-urls.js';
import { AddTorrentDto } from './dto/add-torrent.dto.js';
import { TorrentDto, TorrentSummaryDto } from './dto/torrent.dto.js';
import { presentSummary, presentTorrent } from './torrent.presenter.js';
import { TorrentsService } from './torrents.service.js';

/** .torrent files are metadata only; even huge torrents stay well under this. */
export const MAX_TORRENT_FILE_BYTES = 10 * 1024 * 1024;

const infoHashParam = {
  name: 'infoHash',
  description: '40 hex or 32 base32 characters, any case',
  example: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a',
};

@ApiTags('torrents')
@SkipThrottle({ stream: true })
@ApiBadRequestResponse({ type: ErrorBody, description: 'Invalid input' })
@ApiExtraModels(AddTorrentDto)
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Over throttle_api_limit; see Retry-After' })
@Controller()
export class TorrentsController {
  constructor(
    private readonly torrents: TorrentsService,
    private readonly urls: MediaUrls,
  ) {}

  /**
   * Adds a torrent from a magnet link, an info hash or an uploaded .torrent file,
   * waits for its metadata and lists its files.
   */
  @Post('torrents')
  @UseInterceptors(FileInterceptor('torrent', { limits: { fileSize: MAX_TORRENT_FILE_BYTES, files: 1 } }))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(AddTorrentDto) },
        {
          type: 'object',
          required: ['torrent'],
          properties: { torrent: { type: 'string', format: 'binary', description: 'A .torrent file (10 MB max)' } },
        },
      ],
    },
  })
  @ApiCreatedResponse({ type: TorrentDto })
  @ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'The .torrent file is over 10 MB' })
  @ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
  @ApiBadGatewayResponse({ type: ErrorBody, description: 'With cluster_url: the load balancer did not answer' })
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'With redis_url: the source could not be stored; retry' })
  async add(
    @Body() body: AddTorrentDto,
    @UploadedFile(new ParseFilePipeBuilder().build({ fileIsRequired: false, errorHttpStatusCode: HttpStatus.BAD_REQUEST }))
    upload: { buffer: Buffer } | undefined,
    @Req() request: Request,
  ): Promise<TorrentDto> {
    const outcome = await this.torrents.add(body ?? {}, upload, request);
    return 'fromOwner' in outcome ? outcome.fromOwner : presentTorrent(outcome.held, this.urls.for(request));
  }

  /** The torrents held right now, with their transfer stats. */
  @Get('torrents')
  @ApiOkResponse({ type: [TorrentSummaryDto], description: 'Torrents still waiting for metadata have no name and no files' })
  list(@Req() request: Request): TorrentSummaryDto[] {
    const urls = this.urls.for(request);
    return this.torrents.list().map((info) => presentSummary(info, urls));
  }

  /**
   * A torrent's files and stats. Adds the torrent (with the configured trackers) when
   * it is not held, so saved URLs keep working after a restart or an eviction.
   */
  @Get('torrent/:infoHash')
  @ApiParam(infoHashParam)
  @ApiOkResponse({ type: TorrentDto })
  @ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
  async get(@Param('infoHash', InfoHashPipe) infoHash: string, @Req() request: Request): Promise<TorrentDto> {
    const info = await this.torrents.get(infoHash);
    return presentTorrent(info, this.urls.for(request));
  }

  /** Stops a torrent and deletes its downloaded data. */
  @Delete('torrent/:infoHash')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiParam(infoHashParam)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'The torrent is not held' })
  async remove(@Param('infoHash', InfoHashPipe) infoHash: string): Promise<void> {
    await this.torrents.remove(infoHash);
  }
}
