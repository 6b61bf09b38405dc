import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { StatsDto } from './stats.dto.js';
import { StatsService } from './stats.service.js';

@ApiTags('stats')
@SkipThrottle({ stream: true })
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /** Server-wide load: torrents against cache_size, streams, speeds, disk against its budget, evictions. */
  @Get()
  get(): StatsDto {
    return this.stats.snapshot();
  }
}
