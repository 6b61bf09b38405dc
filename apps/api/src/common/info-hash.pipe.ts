import { Injectable, PipeTransform } from '@nestjs/common';
import { normalizeInfoHash } from '#torrent';

/** Accepts 40 hex or 32 base32 characters and hands the handler lowercase hex. */
@Injectable()
export class InfoHashPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return normalizeInfoHash(value);
  }
}
