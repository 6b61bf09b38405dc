import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HlsApiModule } from '../hls/hls-api.module.js';
import { HealthController } from './health.controller.js';
import { ReadinessService } from './readiness.service.js';

/** /health (liveness) and /health/ready (readiness, through @nestjs/terminus). */
@Module({
  // failures are answered as 503s naming the check; terminus's own log lines would repeat them
  imports: [TerminusModule.forRoot({ logger: false }), HlsApiModule],
  controllers: [HealthController],
  providers: [ReadinessService],
  exports: [ReadinessService],
})
export class HealthModule {}
