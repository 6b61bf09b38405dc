import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';

export class HealthDto {
  /** @example ok */
  status: 'ok';
  /** Seconds since the process started. */
  uptime: number;
}

@ApiTags('health')
@SkipThrottle({ api: true, stream: true })
@Controller('health')
export class HealthController {
  /** Liveness: answers while the event loop runs. */
  @Get()
  health(): HealthDto {
    return { status: 'ok', uptime: Math.round(process.uptime()) };
  }
}
