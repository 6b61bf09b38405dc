import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/app.setup.js';
import { nodeDataDir } from '../../apps/api/src/common/node-data-dir.js';
import type { AppConfig } from '../../apps/api/src/config/app.config.js';
import { buildAppConfig, type RawConfig } from '../../apps/api/src/config/config.loader.js';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  dataDir: string;
  /** This node's own part of dataDir: `torrents/` (pieces) and `hls/` (segments). */
  nodeDir: string;
  close(): Promise<void>;
}

/**
 * The real app on 127.0.0.1 with an ephemeral port, a temp data dir and a
 * loopback-only torrent engine (no DHT, LSD or NAT traversal).
 */
export async function startTestApp(
  overrides: RawConfig = {},
  /** Runs after the app's own setup and before Nest registers its routes (e.g. to mount a test page). */
  beforeListen?: (app: NestExpressApplication) => void,
): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tod-p2m-e2e-'));
  const config = buildAppConfig({
    overrides: {
      port: 0,
      host: '127.0.0.1',
      log_level: 'warn',
      data_dir: dataDir,
      dht: false,
      lsd: false,
      nat_traversal: false,
      torrent_port: 0,
      trackers: [],
      ...overrides,
    },
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  // as in main.ts: an open stream must not keep close() waiting
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, forceCloseConnections: true });
  configureApp(app, config);
  beforeListen?.(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    config,
    dataDir,
    nodeDir: nodeDataDir(config),
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
