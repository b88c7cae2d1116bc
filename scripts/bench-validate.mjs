// `npm run bench:validate`: bundles scripts/bench/validate.ts with esbuild (shared/ is TypeScript with
// extensionless imports, which plain Node cannot load) and runs it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-'));
const outfile = join(dir, 'validate.mjs');
try {
  await build({
    entryPoints: [join(root, 'scripts', 'bench', 'validate.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    logLevel: 'warning',
  });
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
