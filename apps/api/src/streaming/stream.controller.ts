import { Controller, Get, Head, Headers, Logger, Param, Req, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiPartialContentResponse,
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiResponse,
  ApiTags,
  ApiProduces,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream';
import { ErrorBody } from '../common/error-body.js';
import { FileNamePipe } from '../common/file-name.pipe.js';
import { FileIdPipe } from '../common/index-param.pipe.js';
import { InfoHashPipe } from '../common/info-hash.pipe.js';
import { releaseChunksOnceSent } from './release-sent-chunks.js';
import { StreamService, type StreamAnswer } from './stream.service.js';

const binary = { schema: { type: 'string', format: 'binary' } } as const;

@ApiTags('stream')
@SkipThrottle({ api: true })
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Over throttle_stream_limit; see Retry-After' })
@ApiParam({ name: 'infoHash', description: '40 hex or 32 base32 characters', example: 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a' })
@ApiParam({ name: 'fileId', description: 'Index in the torrent file list', example: 0 })
@ApiHeader({ name: 'Range', required: false, description: 'bytes=a-b, bytes=a- or bytes=-n' })
@ApiOkResponse({ description: 'The whole file', content: { 'application/octet-stream': binary } })
@ApiPartialContentResponse({ description: 'The requested byte range', content: { 'application/octet-stream': binary } })
@ApiResponse({ status: 304, description: 'If-None-Match matched the ETag' })
@ApiHeader({ name: 'getcontentFeatures.dlna.org', required: false, description: 'DLNA: 1 asks for contentFeatures.dlna.org' })
@ApiHeader({ name: 'transferMode.dlna.org', required: false, description: 'DLNA: Streaming, Interactive or Background' })
@ApiResponse({ status: 416, type: ErrorBody, description: 'Range not satisfiable; Content-Range: bytes */size' })
@ApiResponse({ status: 406, type: ErrorBody, description: 'A DLNA transfer mode the file does not support' })
@ApiBadRequestResponse({ type: ErrorBody, description: 'Bad info hash, file id, file name or DLNA header' })
@ApiNotFoundResponse({ type: ErrorBody, description: 'No such file in the torrent' })
@ApiGatewayTimeoutResponse({ type: ErrorBody, description: 'No metadata within torrent_timeout; retry later' })
@ApiProduces('application/octet-stream')
@Controller('stream')
export class StreamController {
  private readonly logger = new Logger(StreamController.name);

  constructor(private readonly streams: StreamService) {}

  /**
   * Streams one file of a torrent, seekable with HTTP byte ranges (RFC 9110).
   * Pieces are fetched in reading order from the requested offset.
   */
  @Get(':infoHash/:fileId')
  async stream(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const answer = await this.answer(infoHash, fileId, headers, true);
    this.send(answer, request, response);
  }

  /**
   * The same stream with the file name in the path, for players and TVs that pick a
   * demuxer from the URL's extension. The name is not checked against the file.
   */
  @Get(':infoHash/:fileId/:fileName')
  @ApiParam({ name: 'fileName', description: 'Any name; the file id decides the file', example: 'Sintel.mp4' })
  async streamNamed(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('fileName', FileNamePipe) _fileName: string,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.stream(infoHash, fileId, headers, request, response);
  }

  /** The same headers as GET, without the body; it makes no disk room (no reservation, no eviction). */
  @Head(':infoHash/:fileId/:fileName')
  @ApiParam({ name: 'fileName', description: 'Any name; the file id decides the file', example: 'Sintel.mp4' })
  async headNamed(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Param('fileName', FileNamePipe) _fileName: string,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.head(infoHash, fileId, headers, request, response);
  }

  /** The same headers as GET, without the body; it makes no disk room (no reservation, no eviction). */
  @Head(':infoHash/:fileId')
  async head(
    @Param('infoHash', InfoHashPipe) infoHash: string,
    @Param('fileId', FileIdPipe) fileId: number,
    @Headers() headers: Record<string, string | undefined>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const answer = await this.answer(infoHash, fileId, headers, false);
    this.send(answer, request, response);
  }

  private answer(infoHash: string, fileId: number, headers: Record<string, string | undefined>, withBody: boolean) {
    return this.streams.answer({
      infoHash,
      fileId,
      withBody,
      range: headers.range,
      ifRange: headers['if-range'],
      ifNoneMatch: headers['if-none-match'],
      getContentFeatures: headers['getcontentfeatures.dlna.org'],
      transferMode: headers['transfermode.dlna.org'],
    });
  }

  private send(answer: StreamAnswer, request: Request, response: Response): void {
    response.status(answer.status).set(answer.headers);
    if (!answer.open) {
      response.end();
      return;
    }
    releaseChunksOnceSent(response);
    // pipeline, not pipe: a client that goes away must destroy the torrent reader
    // (releasing its pieces) instead of crashing the process with PREMATURE_CLOSE.
    pipeline(answer.open(), response, (err) => {
      if (err && !request.destroyed && !response.destroyed) {
        this.logger.warn({ err: err.message }, 'stream failed');
      }
    });
  }
}
