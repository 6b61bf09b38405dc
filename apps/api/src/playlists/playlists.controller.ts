import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
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
import type { Request, Response } from 'express';
import { ErrorBody } from '../common/error-body.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { MediaUrls } from '../common/media-urls.js';
import { PlaylistsService, type Playlist } from './playlists.service.js';

const M3U = 'audio/x-mpegurl; charset=utf-8';
const m3uContent = { content: { 'audio/x-mpegurl': { schema: { type: 'string', example: '#EXTM3U\n#EXTINF:-1,Sintel.mp4\nhttp://localhost:8080/stream/…/0/Sintel.mp4\n' } } } };

/** M3U playlists for VLC, mpv, Kodi and smart TVs. */
@ApiTags('playlists')
@SkipThrottle({ stream: true })
@ApiProduces('audio/x-mpegurl')
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Over throttle_api_limit; see Retry-After' })
@Controller()
export class PlaylistsController {
  constructor(
    private readonly playlists: PlaylistsService,
    private readonly urls: MediaUrls,
  ) {}

  /** Every media file of every torrent held, as absolute stream URLs. */
  @Get('playlist.m3u')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'An extended M3U playlist', ...m3uContent })
  all(@Req() request: Request, @Res() response: Response): void {
    send(response, this.playlists.ofAll(this.urls.for(request)));
  }

  /**
   * One torrent's media files in natural order (episode 2 before episode 10). Adds the
   * torrent when it is not held and waits for its metadata.
   */
  @Get('playlist/:infoHash.m3u')
  @Header('Cache-Control', 'no-store')
  @ApiParam({ name: 'infoHash', description: '40 hex or 32 base32 characters', example: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a' })
  @ApiOkResponse({ description: 'An extended M3U playlist', ...m3uContent })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad info hash' })
  @ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
  async torrent(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    send(response, await this.playlists.ofTorrent(infoHash, this.urls.for(request)));
  }
}

function send(response: Response, playlist: Playlist): void {
  response
    .status(200)
    .set({ 'Content-Type': M3U, 'Content-Disposition': contentDisposition(playlist.fileName) })
    .send(playlist.body);
}
