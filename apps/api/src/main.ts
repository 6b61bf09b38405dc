import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from './config/app.config.js';
import { ConfigError, loadAppConfig } from './config/config.loader.js';
import { warmUp } from './warm-up.js';
import { disableWebRtc } from './webrtc.switch.js';

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  // before the app (and with it webtorrent) is loaded: the switch decides what webtorrent imports
  if (!config.webrtc) disableWebRtc();
  const [{ AppModule }, { configureApp }] = await Promise.all([import('./app.module.js'), import('./app.setup.js')]);
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
  const address = server.address() as AddressInfo;
  new Logger('Bootstrap').log(`tod-p2m listening on http://${config.host}:${address.port} (docs at /docs)`);
  await warmUp(address);
}

function configOrExit(): AppConfig {
  try {
    return loadAppConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`tod-p2m: ${err.message}\n`);
    process.exit(1);
  }
}

void bootstrap();
