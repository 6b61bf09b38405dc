import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An HTTP error that must carry response headers besides the JSON body, e.g. a 416's
 * `Content-Range: bytes *\/size` (RFC 9110 §15.5.17). The exception filter sets them.
 */
export class HttpErrorWithHeaders extends HttpException {
  constructor(
    status: number,
    message: string,
    readonly headers: Record<string, string>,
  ) {
    super(message, status);
  }
}

/** 416: the range lies past the end of a `size`-byte resource. */
export function rangeNotSatisfiable(size: number, message: string, headers: Record<string, string> = {}): HttpErrorWithHeaders {
  return new HttpErrorWithHeaders(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, message, {
    ...headers,
    'Content-Range': `bytes */${size}`,
  });
}
