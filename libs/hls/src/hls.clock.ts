import { Injectable } from '@nestjs/common';

/** Wall-clock milliseconds for run bookkeeping (idle, preemption, Retry-After); specs swap it. */
@Injectable()
export class HlsClock {
  now(): number {
    return Date.now();
  }
}
