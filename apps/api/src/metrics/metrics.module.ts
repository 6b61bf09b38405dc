import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AppConfig } from '../config/app.config.js';
import { HlsApiModule } from '../hls/hls-api.module.js';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { LibMetricsCollector } from './lib-metrics.collector.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';
import { PlaybackRecorder } from './playback.recorder.js';

/**
 * Prometheus metrics at /metrics, and the playback numbers /stats shows. Global: stats reads
 * PlaybackRecorder. With `metrics: false` there is neither /metrics nor request timing.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  constructor(private readonly config: AppConfig) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MetricsModule,
      imports: [HlsApiModule],
      controllers: config.metrics ? [MetricsController] : [],
      providers: [MetricsRegistry, PlaybackRecorder, LibMetricsCollector, HttpMetricsMiddleware],
      exports: [PlaybackRecorder],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    if (!this.config.metrics) return;
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
