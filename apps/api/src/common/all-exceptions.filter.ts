import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { mapDomainError, type MappedError } from './domain-error.map.js';
import type { ErrorBody } from './error-body.js';
import { HttpErrorWithHeaders } from './http-errors.js';
import { EXPECTED_5XX } from './http-policy.js';

/** Turns every failure into `{ statusCode, error }`; a 5xx here means a bug of ours. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const mapped = mapDomainError(exception) ?? mapHttpException(exception) ?? mapExpressError(exception);
    const { status, message, retryAfterSeconds } = mapped ?? {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      message: 'internal server error',
    };
    if (status >= 500 && !EXPECTED_5XX.has(status)) {
      this.logger.error({ err: exception, url: request.originalUrl }, `${status} ${message}`);
    }
    if (response.headersSent) {
      // A stream already started: the only honest signal left is to cut the connection.
      response.destroy();
      return;
    }
    // a route's @Header (text/vtt, an m3u8 type, a long Cache-Control) describes its success, not this
    response.removeHeader('Cache-Control');
    response.type('application/json');
    if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(retryAfterSeconds));
    if (exception instanceof HttpErrorWithHeaders) response.set(exception.headers);
    const body: ErrorBody = { statusCode: status, error: message };
    response.status(status).json(body);
  }
}

function mapHttpException(exception: unknown): MappedError | undefined {
  if (!(exception instanceof HttpException)) return undefined;
  const status = exception.getStatus();
  const payload = exception.getResponse();
  const message =
    typeof payload === 'string'
      ? payload
      : flattenMessage((payload as { message?: unknown }).message) ?? exception.message;
  return { status, message };
}

/** body-parser and similar middleware throw plain errors carrying an HTTP status. */
function mapExpressError(exception: unknown): MappedError | undefined {
  const status = (exception as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  return { status, message: (exception as Error).message };
}

function flattenMessage(message: unknown): string | undefined {
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}
