import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const IS_PUBLIC = 'tod-p2m:public';
export const OPENS_WITH_METRICS_TOKEN = 'tod-p2m:metrics-token';

/** Open without a key even when auth is on (health, the page). OpenAPI: no security. */
export const Public = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));

/** Opens with metrics_token as well as with an API key (/metrics). */
export const OpensWithMetricsToken = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(OPENS_WITH_METRICS_TOKEN, true), ApiSecurity('metricsToken'));
