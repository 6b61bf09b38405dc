import type { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';

/** The part of an OpenAPI operation this file reads and writes. */
interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}
import { SIGNED_MEDIA_ROUTES } from '../common/media-urls.js';

const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };

/** The security schemes; Swagger UI's "Authorize" fills them in. Either one will do. */
export function withAuthSchemes(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key from api_keys' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key from api_keys' }, 'apiKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'metrics_token (opens /metrics only)' }, 'metricsToken')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('apiKey');
}

/**
 * Documents what the guard and the signed-URL middleware answer: 401 on every route that
 * needs a key (while api_keys is set), 403 on media routes (an expired or foreign signed
 * URL). @Public() routes carry `security: [{}]`, written here as the plainer `[]`.
 */
export function documentAuth(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const value of Object.values(item) as unknown[]) {
      if (typeof value !== 'object' || value === null || !('responses' in value)) continue;
      const operation = value as Operation;
      const security = operation.security;
      if (security?.length === 1 && Object.keys(security[0]).length === 0) {
        operation.security = [];
        continue;
      }
      if (security?.some((requirement) => 'metricsToken' in requirement)) {
        operation.security = [{ bearer: [] }, { apiKey: [] }, { metricsToken: [] }];
      }
      operation.responses['401'] ??= {
        description: 'api_keys is set and no key, or a wrong one, was sent (WWW-Authenticate: Bearer)',
        content: { 'application/json': { schema: ERROR_BODY } },
      };
      if (SIGNED_MEDIA_ROUTES.includes(path.split('/')[1])) {
        operation.responses['403'] ??= {
          description: 'A signed URL (/t/<token>/...) that has expired or belongs to another file',
          content: { 'application/json': { schema: ERROR_BODY } },
        };
      }
    }
  }
  return document;
}
