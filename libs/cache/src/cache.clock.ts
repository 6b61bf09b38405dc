import { Injectable } from '@nestjs/common';

/** Wall-clock milliseconds; a provider of its own so tests can drive idleness by hand. */
@Injectable()
export class CacheClock {
  now(): number {
    return Date.now();
  }
}
