import { Controller, Param, Req, Sse, type MessageEvent } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ErrorBody } from '../common/error-body.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { MediaUrls } from '../common/media-urls.js';
import { EventsService } from './events.service.js';

const EXAMPLE = [
  'event: metadata',
  'data: {"infoHash":"c12f…","name":"Sintel","ready":true,"files":[…],…}',
  '',
  'event: progress',
  'data: {"infoHash":"c12f…","ready":true,"progress":0.12,"peers":4,"downloadSpeed":5242880,"uploadSpeed":0,"activeStreams":1,"files":[{"id":0,"progress":0.12}],"preloads":[]}',
  '',
].join('\n');

@ApiTags('torrents')
@SkipThrottle({ stream: true })
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Over throttle_api_limit; see Retry-After' })
@Controller()
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly urls: MediaUrls,
  ) {}

  /**
   * Live progress as Server-Sent Events. `metadata`: the torrent (as GET /torrent/{infoHash}),
   * when the metadata arrives, or first when it is in already. `progress`, about once a
   * second: ready, progress, peers, speeds, per-file progress and preload windows. `error`:
   * e.g. no metadata within torrent_timeout (it keeps trying). `removed`: the torrent was
   * removed or evicted; the stream ends. Adds the torrent when it is not held.
   */
  @Sse('torrent/:infoHash/events')
  @ApiParam({ name: 'infoHash', description: '40 hex or 32 base32 characters', example: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string', example: EXAMPLE } } } })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Bad info hash' })
  @ApiResponse({ status: 503, type: ErrorBody, description: 'Every held torrent is in use; see Retry-After' })
  stream(@Param('infoHash', InfoHashPipe) infoHash: string, @Req() request: Request): Promise<Observable<MessageEvent>> {
    return this.events.watch(infoHash, this.urls.for(request));
  }
}
