import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import contentDisposition from 'content-disposition';
import type { Response } from 'express';
import { TorrentService } from '#torrent';
import { ErrorBody } from '../common/error-body.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';

/**
 * `GET /torrent/{infoHash}.torrent`. Its own controller, listed before TorrentsController
 * in the module: Express matches routes in order, and `torrent/:infoHash` would take
 * `<hash>.torrent` as a (bad) info hash.
 */
@ApiTags('torrents')
@SkipThrottle({ stream: true })
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Over throttle_api_limit; see Retry-After' })
@Controller()
export class TorrentFileController {
  constructor(private readonly torrents: TorrentService) {}

  /**
   * The torrent's metainfo file, to hand to another BitTorrent client. Adds the torrent
   * when it is not held and waits for its metadata.
   */
  @Get('torrent/:infoHash.torrent')
  @ApiParam({ name: 'infoHash', description: '40 hex or 32 base32 characters', example: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a' })
  @ApiProduces('application/x-bittorrent')
  @ApiOkResponse({ description: 'The metainfo (bencoded)', content: { 'application/x-bittorrent': { schema: { type: 'string', format: 'binary' } } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad info hash' })
  @ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
  async metainfo(@Param('infoHash', InfoHashPipe) infoHash: string, @Res() response: Response): Promise<void> {
    const file = await this.torrents.metainfo(infoHash);
    response
      .status(200)
      .set({
        'Content-Type': 'application/x-bittorrent',
        'Content-Disposition': contentDisposition(`${infoHash}.torrent`),
        // the info dictionary is what the hash names: it never changes
        'Cache-Control': 'public, max-age=31536000, immutable',
      })
      .send(Buffer.from(file));
  }
}
