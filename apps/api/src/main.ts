import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ConfigError, loadAppConfig } from './config/config.loader.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`tod-p2m: ${err.message}\n`);
    process.exit(1);
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    // open streams would keep server.close() (and so SIGTERM) waiting until the film ends
    forceCloseConnections: true,
  });
  configureApp(app, config);
  await app.listen(config.port, config.host);
  // A two-hour film is one long response: no idle or total timeout may cut it
  // (the seed's 15 s WriteTimeout did). Slow request headers are still bounded.
  const server = app.getHttpServer();
  server.setTimeout(0);
  server.requestTimeout = 0;
  const { port } = server.address() as AddressInfo;
  new Logger('Bootstrap').log(`tod-p2m listening on http://${config.host}:${port} (docs at /docs)`);
}

void bootstrap();
