import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HlsModule } from '../hls.module.js';
import type { HlsModuleOptions } from '../hls.options.js';

/** Options the lib's integration specs share: short segments, two slots, quick pauses. */
export const SPEC_HLS_OPTIONS = {
  maxProcesses: 2,
  maxVideoHeight: 720,
  runIdleTimeoutMs: 30_000,
  segmentsAhead: 2,
} satisfies Partial<HlsModuleOptions>;

/** The HLS module alone in an initialised Nest app (binaries resolve in onModuleInit). */
export async function startHlsApp(options: HlsModuleOptions): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [HlsModule.register(options)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}
