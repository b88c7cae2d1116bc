// `npm run bench:plan`: compiles a 500-node design repeatedly and prints the median (target < 200 ms).
// The TypeScript sources are bundled with esbuild into a temporary module first.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodes = Number(process.env.BENCH_NODES ?? 500);
const runs = Number(process.env.BENCH_RUNS ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'quorum-bench-'));
const entry = join(dir, 'entry.ts');
writeFileSync(
  entry,
  `export { compilePlan } from ${JSON.stringify(join(root, 'shared/plan/compile.ts'))};
export { largeDesign } from ${JSON.stringify(join(root, 'shared/plan/fixtures/large-design.ts'))};`,
);
const out = join(dir, 'bench.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'warning',
});
const { compilePlan, largeDesign } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });

const design = largeDesign(nodes);
for (let i = 0; i < 5; i++) compilePlan(design); // warm-up (JIT)
const times = [];
let plan;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  plan = compilePlan(design);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p90 = times[Math.floor(times.length * 0.9)];
const bytes = JSON.stringify(plan).length;
console.log(
  `compilePlan: ${nodes} nodes → ${plan.steps.length} steps (${(bytes / 1e6).toFixed(1)} MB as JSON); ` +
    `${runs} runs: median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, min ${times[0].toFixed(1)} ms (target: median < 200 ms)`,
);
