import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { InternalAccess } from './internal-access.js';

/** Named throttlers: players issue many range requests, so streams get their own budget. */
export const API_THROTTLER = 'api';
export const STREAM_THROTTLER = 'stream';

/**
 * Keys the count by `req.ip`, which Express takes from X-Forwarded-For only when
 * trust_proxy is on; otherwise a client could spoof its way around the limit.
 * Sends a plain `Retry-After`, which the named throttlers would otherwise suffix.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly internalAccess: InternalAccess,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    return (await super.shouldSkip(context)) || this.internalAccess.isInternal(request);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const req = request as unknown as Request;
    return req.ip ?? req.socket.remoteAddress ?? 'unknown';
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new ThrottlerException('too many requests; retry after the Retry-After seconds');
  }
}
