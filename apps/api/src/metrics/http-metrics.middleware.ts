import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { performance } from 'node:perf_hooks';
import { InternalAccess } from '../common/internal-access.js';
import { MetricsRegistry } from './metrics.registry.js';
import { PlaybackRecorder, type StreamKind } from './playback.recorder.js';
import { StallMeter } from './stall-meter.util.js';

type BodyMethod = (...args: unknown[]) => unknown;

/**
 * Times every request by its route TEMPLATE (an info hash in a label would explode the
 * series), and watches the body of viewer streams for the first byte and for stalls.
 * Express sets `req.route` once a route matched, so it is read when the response ends.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly playback: PlaybackRecorder,
    private readonly internalAccess: InternalAccess,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = performance.now();
    this.watchBody(request, response, started);
    response.once('close', () => {
      const route = routeTemplate(request);
      const labels = { route, method: request.method, status_class: `${Math.floor(response.statusCode / 100)}xx` };
      this.metrics.httpDuration.observe(labels, (performance.now() - started) / 1000);
      if (response.statusCode === 503 && route.startsWith('/hls/')) this.metrics.hlsUnavailable.inc();
    });
    next();
  }

  /**
   * Wraps write/end for the first chunk; keeps the wrapper only on viewer streams (a 2xx
   * body of a stream or HLS route, not our own ffmpeg reads), where each chunk is timed.
   */
  private watchBody(request: Request, response: Response, started: number): void {
    const write = Reflect.get(response, 'write') as BodyMethod;
    const end = Reflect.get(response, 'end') as BodyMethod;
    const restore = () => {
      response.write = write as Response['write'];
      response.end = end as Response['end'];
    };
    let kind: StreamKind | undefined;
    let ended = false;
    const meter = new StallMeter();
    const stalled = (ms: number | undefined) => {
      if (ms !== undefined && kind) this.playback.stalled(kind, ms);
    };
    const onChunk = (accepted: boolean) => {
      const now = performance.now();
      if (kind === undefined) {
        kind = this.streamKind(request, response);
        if (!kind) return restore();
        this.playback.firstByteAfter(kind, now - started);
        response.on('drain', () => meter.onDrain(performance.now()));
        response.once('close', () => {
          if (!ended) stalled(meter.onEnd(performance.now()));
        });
      }
      stalled(meter.onWrite(now, accepted));
    };
    response.write = function (this: Response, ...args: unknown[]) {
      const accepted = write.apply(this, args) as boolean;
      onChunk(accepted);
      return accepted;
    } as Response['write'];
    response.end = function (this: Response, ...args: unknown[]) {
      if (hasBody(args[0])) onChunk(true);
      if (kind) {
        ended = true;
        stalled(meter.onEnd(performance.now()));
      }
      restore();
      return end.apply(this, args);
    } as Response['end'];
  }

  private streamKind(request: Request, response: Response): StreamKind | undefined {
    if (response.statusCode >= 300 || this.internalAccess.isInternal(request)) return undefined;
    const route = routeTemplate(request);
    if (route.startsWith('/stream/')) return 'range';
    if (route.startsWith('/hls/')) return 'hls';
    return undefined;
  }
}

/** The matched route's template, e.g. `/stream/:infoHash/:fileId`; `unmatched` for 404s. */
export function routeTemplate(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : 'unmatched';
}

function hasBody(chunk: unknown): boolean {
  if (typeof chunk === 'string' || chunk instanceof Uint8Array) return chunk.length > 0;
  return false;
}
