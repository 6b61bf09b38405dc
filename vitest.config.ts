import swc from 'unplugin-swc';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) so that Nest's DI keeps emitDecoratorMetadata in specs.
const plugins = [swc.vite({ module: { type: 'es6' } })];
// '#torrent' & co. resolve to TypeScript sources under the 'source' condition (dist/ otherwise).
// Tests run in vite's SSR environment, whose conditions are set apart from the client's.
const conditions = ['source', ...defaultServerConditions];
const resolve = { conditions };
const ssr = { resolve: { conditions, externalConditions: ['source'] } };

export default defineConfig({
  test: {
    projects: [
      // pure units and fast specs of the middle layer (fakes, a loopback webtorrent pair): seconds
      {
        plugins,
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts'],
          exclude: ['**/*.integration.spec.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      // a lib against real ffmpeg and real files over loopback HTTP
      {
        plugins,
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: ['apps/**/*.integration.spec.ts', 'libs/**/*.integration.spec.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins,
        resolve,
        ssr,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e-spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
