import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { OpensWithMetricsToken } from '../auth/access.decorators.js';
import { MetricsRegistry } from './metrics.registry.js';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

@ApiTags('metrics')
@OpensWithMetricsToken()
@SkipThrottle({ api: true, stream: true })
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  /** Prometheus text format: process defaults, HTTP by route template, torrents, disk, HLS, first byte and stalls. */
  @Get()
  @ApiProduces(PROMETHEUS_TEXT)
  @ApiOkResponse({ description: 'Prometheus exposition format 0.0.4', content: { [PROMETHEUS_TEXT]: { schema: { type: 'string' } } } })
  async scrape(@Res() response: Response): Promise<void> {
    const text = await this.metrics.text();
    response.status(200).type(this.metrics.contentType).send(text);
  }
}
