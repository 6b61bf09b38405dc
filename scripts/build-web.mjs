// Builds the page (apps/web) into dist/web: TypeScript and hls.js bundled by esbuild from
// node_modules (no CDN: the page works offline), file names hashed so that the server can
// let browsers cache them for a year, and index.html pointing at them. `npm run build`
// runs this after `nest build` (which empties dist/).
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'apps', 'web');
const out = join(root, 'dist', 'web');

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: { app: join(source, 'src', 'main.ts'), style: join(source, 'styles.css') },
  bundle: true,
  // hls.js is a separate chunk, fetched only when something plays over HLS
  splitting: true,
  format: 'esm',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  sourcemap: true,
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  tsconfig: join(source, 'tsconfig.json'),
});

const outputs = Object.entries(result.metafile.outputs);
const entry = (name, ext) => {
  const found = outputs.find(([file, meta]) => meta.entryPoint && basename(file).startsWith(`${name}-`) && file.endsWith(ext));
  if (!found) throw new Error(`esbuild produced no ${name}${ext}`);
  return `/assets/${basename(found[0])}`;
};
const html = (await readFile(join(source, 'index.html'), 'utf8'))
  .replace('%APP_JS%', entry('app', '.js'))
  .replace('%APP_CSS%', entry('style', '.css'));
await writeFile(join(out, 'index.html'), html);
