/**
 * Benchmark of the rules engine and the failure sweep on a generated 500-node design. Prints figures;
 * asserts nothing (speed targets are benchmarks, never timed tests).
 * Targets from issue 4: validate under 50 ms, the full single-failure sweep under 500 ms.
 */
import { largeDesign } from '../../shared/design/fixtures/designs';
import { validate } from '../../shared/rules/validate';
import { prepareSimulation } from '../../shared/simulation/simulate';
import { singleFailureSweep } from '../../shared/simulation/sweep';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time(runs: number, fn: () => unknown): { median: number; min: number; max: number } {
  for (let i = 0; i < 3; i++) fn(); // warm-up: let the JIT settle before measuring
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

const size = Number(process.env.BENCH_NODES ?? 500);
const design = largeDesign(size);
const findings = validate(design);
const sweep = singleFailureSweep(design);
const fmt = (t: { median: number; min: number; max: number }) =>
  `median ${t.median.toFixed(2)} ms (min ${t.min.toFixed(2)}, max ${t.max.toFixed(2)})`;

const v = time(30, () => validate(design));
const s = time(10, () => singleFailureSweep(design, prepareSimulation(design)));
const both = time(10, () => {
  validate(design);
  singleFailureSweep(design);
});

console.log(
  `design: ${design.nodes.length} nodes, ${design.networks.length} networks, ${design.vips.length} VIPs`,
);
console.log(
  `findings: ${findings.length}; single-failure sweep: ${sweep.cases} cases, survives: ${sweep.survives}`,
);
console.log(`validate:                     ${fmt(v)}   target < 50 ms`);
console.log(`single-failure sweep:         ${fmt(s)}   target < 500 ms`);
console.log(`validate + sweep:             ${fmt(both)}`);
