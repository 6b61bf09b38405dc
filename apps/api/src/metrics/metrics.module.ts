import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { HlsApiModule } from '../hls/hls-api.module.js';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { LibMetricsCollector } from './lib-metrics.collector.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';
import { PlaybackRecorder } from './playback.recorder.js';

/** Prometheus metrics at /metrics, and the playback numbers /stats shows. Global: stats reads PlaybackRecorder. */
@Global()
@Module({
  imports: [HlsApiModule],
  controllers: [MetricsController],
  providers: [MetricsRegistry, PlaybackRecorder, LibMetricsCollector, HttpMetricsMiddleware],
  exports: [PlaybackRecorder],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
