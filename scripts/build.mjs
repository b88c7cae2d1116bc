// Builds every part of Quorum into out/:
//   out/renderer   the UI (Vite + React)
//   out/main       Electron main process (esbuild, CommonJS: Electron's main loads it with require)
//   out/preload    the preload, ONE self-contained CommonJS file: a sandboxed preload may require only
//                  `electron` and a few built-ins, so every other import (zod, shared/) is bundled in
//   out/cli        the `quorum` command and the web host (esbuild, ESM for plain Node)
// Why not electron-vite: the CLI/web host is a fourth, plain-Node target that electron-vite does not
// model, and esbuild's options for the single-file sandboxed preload are explicit here.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIN_EXTERNALS } from './packaging/bundle-externals.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();
const quiet = process.argv.includes('--quiet');

rmSync(join(root, 'out'), { recursive: true, force: true });

const common = {
  bundle: true,
  sourcemap: true,
  logLevel: 'warning',
  define: { __QUORUM_VERSION__: JSON.stringify(pkg.version) },
  target: 'node22',
};

await Promise.all([
  viteBuild({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' }),
  esbuild({
    ...common,
    entryPoints: [join(root, 'electron', 'main', 'index.ts')],
    outfile: join(root, 'out', 'main', 'index.cjs'),
    platform: 'node',
    format: 'cjs',
    external: MAIN_EXTERNALS,
  }),
  esbuild({
    ...common,
    entryPoints: [join(root, 'electron', 'preload', 'index.ts')],
    outfile: join(root, 'out', 'preload', 'index.cjs'),
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
  }),
  esbuild({
    ...common,
    entryPoints: [join(root, 'electron', 'cli', 'index.ts')],
    outfile: join(root, 'out', 'cli', 'index.mjs'),
    platform: 'node',
    format: 'esm',
    packages: 'external',
  }),
]);
if (!quiet) console.log(`built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
