#!/usr/bin/env node
// Entry point of the `quorum` command. Builds the app on first use so that `npx quorum serve` works
// straight after `npm ci`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'out', 'cli', 'index.mjs');
if (!existsSync(entry) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  console.error('quorum: building the app (first run)…');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
