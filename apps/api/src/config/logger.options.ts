import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { redactSignedToken } from '../auth/log-redaction.util.js';
import { EXPECTED_5XX } from '../common/http-policy.js';
import type { AppConfig } from './app.config.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** JSON logs with a request id; pretty only when asked for or on a terminal. */
export function loggerOptions(config: AppConfig): Params {
  const pretty = config.logPretty || process.stdout.isTTY;
  return {
    pinoHttp: {
      level: config.logLevel,
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      // Players issue many range requests; log them at debug so info stays readable.
      customLogLevel: (request, response, err) => {
        // pino-http turns every 5xx into an error; 503/504/507 are the swarm or our limits talking
        if (EXPECTED_5XX.has(response.statusCode)) return 'warn';
        if (err || response.statusCode >= 500) return 'error';
        if (/^(?:\/t\/[^/]+)?\/(?:stream|hls)\//.test(request.url ?? '')) return 'debug';
        return 'info';
      },
      autoLogging: { ignore: (request) => request.url === '/health' },
      // x-internal-token: our ffmpeg's throttle exemption (InternalAccess); x-api-key: a credential
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-internal-token"]', 'req.headers["x-api-key"]'],
      serializers: {
        req: (req: { url?: string }) => {
          if (typeof req.url === 'string') req.url = redactSignedToken(req.url);
          return req;
        },
      },
    },
  };
}
