import { Controller, Get } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/access.decorators.js';
import { ErrorBody } from '../common/error-body.js';
import { ReadinessService } from './readiness.service.js';

export class HealthDto {
  /** @example ok */
  status: 'ok';
  /** Seconds since the process started. */
  uptime: number;
}

export class ReadyDto {
  /** @example ok */
  status: 'ok';
  /**
   * Every check that ran, all up.
   * @example {"torrent_engine":"up","data_dir":"up","disk_budget":"up","ffmpeg":"up"}
   */
  checks: Record<string, 'up'>;
}

@ApiTags('health')
@Public()
@SkipThrottle({ api: true, stream: true })
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: answers while the event loop runs. */
  @Get()
  health(): HealthDto {
    return { status: 'ok', uptime: Math.round(process.uptime()) };
  }

  /**
   * Readiness: the torrent engine listens, data_dir is writable, the disk budget is not used
   * up by torrents in use, and ffmpeg/ffprobe run. 503 names each failing check.
   */
  @Get('ready')
  @ApiServiceUnavailableResponse({ type: ErrorBody, description: 'Not ready; the error names the failing checks' })
  async ready(): Promise<ReadyDto> {
    return { status: 'ok', checks: await this.readiness.ready() };
  }
}
