import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { documentAuth, withAuthSchemes } from './auth/auth.openapi.js';
import { securityHeaders } from './auth/security-headers.js';
import { AppValidationPipe } from './common/app-validation.pipe.js';
import type { AppConfig } from './config/app.config.js';

/** Everything main.ts does to the app before listening; e2e tests call it too. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.enableCors({
    origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
    exposedHeaders: ['Content-Range', 'Accept-Ranges', 'Content-Length', 'ETag', 'Retry-After', 'X-Request-Id', 'Location', 'Preference-Applied'],
  });
  app.useGlobalPipes(new AppValidationPipe());
  app.enableShutdownHooks();

  const builder = new DocumentBuilder()
    .setTitle('tod-p2m')
    .setDescription(
      'Streams video and audio straight out of BitTorrent swarms: byte-range streams and HLS. ' +
        'Every error answers `{ "statusCode": N, "error": "..." }`. ' +
        'With api_keys set, send a key (Authorize); media URLs in answers are signed (`/t/<token>/...`) and need none.',
    )
    .setVersion('0.1.0');
  const document = documentAuth(SwaggerModule.createDocument(app, withAuthSchemes(builder).build()));
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
