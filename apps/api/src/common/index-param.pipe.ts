import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

const MAX_INDEX = 2 ** 31 - 1;

/** A non-negative integer path parameter such as a file or segment id. */
export function parseIndex(value: string, name: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_INDEX) {
    throw new BadRequestException(`${name} must be a non-negative integer`);
  }
  return Number(value);
}

@Injectable()
export class FileIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    return parseIndex(value, 'fileId');
  }
}
