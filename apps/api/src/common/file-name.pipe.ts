import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/**
 * The file name in a player-friendly URL. It is never trusted (players mangle names, so
 * any name serves the file id's file), but a blank or padded one is a client bug: 400.
 */
@Injectable()
export class FileNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value.trim() === '' || value.trim() !== value || value.length > 1024) {
      throw new BadRequestException('fileName must not be blank, padded with spaces or over 1024 characters');
    }
    return value;
  }
}
