import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { IS_PUBLIC, OPENS_WITH_METRICS_TOKEN } from './access.decorators.js';
import { ApiKeys } from './api-keys.service.js';
import { hasMediaGrant } from './media-grant.js';

const REALM = 'Bearer realm="tod-p2m"';

/**
 * Every route needs `Authorization: Bearer <key>` or `X-Api-Key: <key>` once api_keys is
 * set, except @Public() ones and requests through a valid signed media URL (our own ffmpeg
 * reads use one too: the internal token exempts from throttling only, never from auth).
 * A missing and a wrong key both answer 401, saying nothing about the keys.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeys,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (hasMediaGrant(request)) return true;
    const metricsRoute = this.reflector.getAllAndOverride<boolean>(OPENS_WITH_METRICS_TOKEN, targets) === true;
    const metricsTokenApplies = metricsRoute && this.keys.hasMetricsToken;
    if (!this.keys.enabled && !metricsTokenApplies) return true;

    const presented = credentialOf(request);
    if (presented !== undefined) {
      if (this.keys.isApiKey(presented)) return true;
      if (metricsTokenApplies && this.keys.isMetricsToken(presented)) return true;
    }
    const response = context.switchToHttp().getResponse<Response>();
    if (presented === undefined) {
      response.setHeader('WWW-Authenticate', REALM);
      throw new UnauthorizedException('an API key is required: send Authorization: Bearer <key> or X-Api-Key: <key>');
    }
    response.setHeader('WWW-Authenticate', `${REALM}, error="invalid_token"`);
    throw new UnauthorizedException('invalid API key');
  }
}

/** The Bearer credential, else X-Api-Key; undefined when neither is sent. */
export function credentialOf(request: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.get('authorization') ?? '');
  if (bearer) return bearer[1];
  const apiKey = request.get('x-api-key')?.trim();
  return apiKey ? apiKey : undefined;
}
