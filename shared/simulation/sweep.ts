/**
 * Failure sweeps: simulate every single node failure (and every pair) and report whether the design
 * survives them all, with the worst case.
 */
import type { Design } from '../design/schema';
import { prepareSimulation, simulatePrepared, type PreparedDesign, type SimulationResult } from './simulate';

/** One failure set of a sweep and how bad it was. */
export interface SweepCase {
  failed: string[];
  result: SimulationResult;
  /** Labels of the services that went down. */
  down: string[];
}

/** The summary line's facts: "survives any single node failure: no (worst case: ctl1 → Galera down)". */
export interface SweepSummary {
  /** How many nodes fail at once (1 or 2). */
  size: number;
  /** True when no case takes a service down or leaves a VIP without a holder. */
  survives: boolean;
  /** The case with the most damage (null for a design without enough nodes). */
  worst: SweepCase | null;
  /** Cases that break something, worst first. */
  failing: SweepCase[];
  cases: number;
}

function severity(c: SweepCase): number {
  const r = c.result;
  return (
    (r.controlPlane === 'down' ? 1000 : 0) +
    c.down.length * 10 +
    r.vips.filter((v) => v.holder === null).length
  );
}

function runCase(p: PreparedDesign, failed: string[]): SweepCase {
  const result = simulatePrepared(p, { nodes: failed });
  return { failed, result, down: result.services.filter((s) => s.state === 'down').map((s) => s.label) };
}

function summarize(size: number, all: SweepCase[]): SweepSummary {
  const failing = all.filter((c) => c.result.broken.length > 0).sort((a, b) => severity(b) - severity(a));
  const worst = failing[0] ?? [...all].sort((a, b) => severity(b) - severity(a))[0] ?? null;
  return { size, survives: failing.length === 0, worst, failing, cases: all.length };
}

/** Simulates the failure of each node on its own. */
export function singleFailureSweep(design: Design, prepared = prepareSimulation(design)): SweepSummary {
  return summarize(
    1,
    design.nodes.map((n) => runCase(prepared, [n.id])),
  );
}

/** Simulates the failure of every pair of nodes (n·(n−1)/2 cases). */
export function pairFailureSweep(design: Design, prepared = prepareSimulation(design)): SweepSummary {
  const cases: SweepCase[] = [];
  const nodes = design.nodes;
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) cases.push(runCase(prepared, [nodes[i]!.id, nodes[j]!.id]));
  return summarize(2, cases);
}

/** "survives any single node failure: no (worst case: ctl1 fails → Galera (MariaDB) down)". */
export function describeSweep(summary: SweepSummary, hostname: (id: string) => string = (id) => id): string {
  const what = summary.size === 1 ? 'any single node failure' : 'any two node failures';
  if (summary.cases === 0) return `survives ${what}: n/a (not enough nodes)`;
  if (summary.survives) return `survives ${what}: yes`;
  const w = summary.worst!;
  const broke = w.down.length > 0 ? `${w.down.join(', ')} down` : (w.result.broken[0] ?? 'something breaks');
  return `survives ${what}: no (worst case: ${w.failed.map(hostname).join(' + ')} ${w.failed.length > 1 ? 'fail' : 'fails'} → ${broke}; ${summary.failing.length} of ${summary.cases} cases break something)`;
}
