// Runs a benchmark written in TypeScript: bundles scripts/bench/<name>.ts with esbuild (into
// node_modules/.cache, so its imports resolve from node_modules) and runs it with this Node.
//   node scripts/bench/run.mjs fanout [args…]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: node scripts/bench/run.mjs <fanout|stream> [args…]');
  process.exit(2);
}
const outfile = join(root, 'node_modules', '.cache', 'quorum-bench', `${name}.mjs`);
await build({
  entryPoints: [join(root, 'scripts', 'bench', `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  define: { __QUORUM_VERSION__: JSON.stringify('bench') },
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
