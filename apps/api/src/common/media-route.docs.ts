import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiParam,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ErrorBody } from './error-body.js';

/** What a route's 400, 404, 415 and 422 mean for its clients. */
export interface MediaRouteErrors {
  badRequest: string;
  notFound: string;
  unsupported: string;
  unprocessable: string;
}

/**
 * The `{infoHash}/{fileId}` parameters and the errors every route on one torrent file shares
 * (HLS, subtitles), so the generated clients see the same shapes everywhere.
 */
export function ApiMediaFileRoute(errors: MediaRouteErrors): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiParam({ name: 'infoHash', description: '40 hex or 32 base32 characters', example: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a' }),
    ApiParam({ name: 'fileId', description: 'Index in the torrent file list', example: 0 }),
    ApiBadRequestResponse({ type: ErrorBody, description: errors.badRequest }),
    ApiNotFoundResponse({ type: ErrorBody, description: errors.notFound }),
    ApiUnsupportedMediaTypeResponse({ type: ErrorBody, description: errors.unsupported }),
    ApiUnprocessableEntityResponse({ type: ErrorBody, description: errors.unprocessable }),
    ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' }),
    ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Over throttle_stream_limit; see Retry-After' }),
  );
}
