import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) so that Nest's DI keeps emitDecoratorMetadata in specs.
const plugins = [swc.vite({ module: { type: 'es6' } })];
const resolve = { conditions: ['source'] };

export default defineConfig({
  test: {
    projects: [
      {
        plugins,
        resolve,
        test: { name: 'unit', include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts'], environment: 'node' },
      },
      {
        plugins,
        resolve,
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
