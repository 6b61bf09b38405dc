import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseFilePipeBuilder,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiHeader,
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
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { MediaTracks } from '#hls';
import { TorrentService, type TorrentInfo } from '#torrent';
import { ErrorBody } from '../common/error-body.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { MediaUrls } from '../common/media-urls.js';
import { AddTorrentDto } from './dto/add-torrent.dto.js';
import { TorrentDto, TorrentPendingDto, TorrentSummaryDto } from './dto/torrent.dto.js';
import { wantsAsync } from './respond-async.util.js';
import { presentPending, presentSummary, presentTorrent } from './torrent.presenter.js';
import { AddTorrentService } from './add-torrent.service.js';
import { FileTracksService } from './file-tracks.service.js';

/** .torrent files are metadata only; even huge torrents stay well under this. */
export const MAX_TORRENT_FILE_BYTES = 10 * 1024 * 1024;

/** `Prefer: respond-async` / `?wait=false`: answer 202 at once instead of waiting for the metadata. */
const AsyncQuery = ApiQuery({
  name: 'wait',
  required: false,
  enum: ['true', 'false'],
  description: 'false: answer at once (202 until the metadata is in) instead of waiting up to torrent_timeout',
});
const AsyncHeader = ApiHeader({ name: 'Prefer', required: false, description: 'respond-async (RFC 7240): the same as wait=false' });
const AsyncResponse = ApiAcceptedResponse({
  type: TorrentPendingDto,
  description: 'Non-blocking form, metadata not in yet: Location names the torrent; follow eventsUrl',
  headers: { Location: { description: 'GET this for the torrent', schema: { type: 'string' } } },
});

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
    private readonly torrents: TorrentService,
    private readonly adder: AddTorrentService,
    private readonly urls: MediaUrls,
    private readonly fileTracks: FileTracksService,
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
  @AsyncQuery
  @AsyncHeader
  @AsyncResponse
  @ApiPayloadTooLargeResponse({ type: ErrorBody, description: 'The .torrent file is over 10 MB' })
  @ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
  @ApiBadGatewayResponse({ type: ErrorBody, description: 'With cluster_url: the load balancer did not answer' })
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'With redis_url: the source could not be stored; retry' })
  async add(
    @Body() body: AddTorrentDto,
    @UploadedFile(new ParseFilePipeBuilder().build({ fileIsRequired: false, errorHttpStatusCode: HttpStatus.BAD_REQUEST }))
    upload: { buffer: Buffer } | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Query('wait') wait: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TorrentDto | TorrentPendingDto> {
    const outcome = await this.adder.add(body ?? {}, upload, request, !wantsAsync(prefer, wait));
    if (!('fromOwner' in outcome)) return this.answer(outcome.held, request, response);
    if (!outcome.fromOwner.ready) this.accepted(outcome.fromOwner.infoHash, request, response);
    return outcome.fromOwner;
  }

  /** The torrents held right now, with their transfer stats. */
  @Get('torrents')
  @ApiOkResponse({ type: [TorrentSummaryDto], description: 'Torrents still waiting for metadata have no name and no files' })
  list(@Req() request: Request): TorrentSummaryDto[] {
    const urls = this.urls.for(request);
    return this.torrents.list().map((info) => presentSummary(info, urls));
  }

  /**
   * A torrent's files and stats, with each media file's audio and subtitle tracks (probed on
   * first request; a file whose probe takes over 8 s lists them on a later request). Adds the torrent (with the configured trackers) when
   * it is not held, so saved URLs keep working after a restart or an eviction.
   */
  @Get('torrent/:infoHash')
  @ApiParam(infoHashParam)
  @ApiOkResponse({ type: TorrentDto })
  @AsyncQuery
  @AsyncHeader
  @AsyncResponse
  @ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
  async get(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Headers('prefer') prefer: string | undefined,
    @Query('wait') wait: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TorrentDto | TorrentPendingDto> {
    const info = await this.torrents.ensureByHash(infoHash, { wait: !wantsAsync(prefer, wait) });
    // tracks come from the probe, so only once the metadata is in
    const tracks = info.ready ? await this.fileTracks.ofTorrent(info) : undefined;
    return this.answer(info, request, response, tracks);
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

  /** The full answer once the metadata is in; a 202 (only a non-blocking call gets here without it) before. */
  private answer(
    info: TorrentInfo,
    request: Request,
    response: Response,
    tracks?: ReadonlyMap<number, MediaTracks>,
  ): TorrentDto | TorrentPendingDto {
    const urls = this.urls.for(request);
    if (info.ready) return presentTorrent(info, urls, tracks);
    this.accepted(info.infoHash, request, response);
    return presentPending(info, urls);
  }

  private accepted(infoHash: string, request: Request, response: Response): void {
    response.status(HttpStatus.ACCEPTED).location(this.urls.for(request).torrent(infoHash)).set('Preference-Applied', 'respond-async');
  }
}
