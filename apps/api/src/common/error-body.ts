import { ApiProperty } from '@nestjs/swagger';

/** The body of every error answer, for clients and for generated OpenAPI types. */
export class ErrorBody {
  /** The HTTP status, repeated for clients that only see the body. */
  @ApiProperty({ example: 400 })
  statusCode: number;

  /** What went wrong, in words meant for the person calling the API. */
  @ApiProperty({ example: 'infoHash must be 40 hex or 32 base32 characters' })
  error: string;
}
