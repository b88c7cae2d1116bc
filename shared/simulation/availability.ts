/**
 * Availability estimate, labelled as a model: each node is up with probability A = MTTF / (MTTF + MTTR)
 * (the book's formula), independently of the others; a service is up when enough of its members are
 * (k of n). Networks, power and software bugs are assumed not to fail.
 */
import type { Design } from '../design/schema';
import { prepareSimulation, simulatePrepared, type PreparedDesign } from './simulate';
import type { ClusterService } from '../topology';

/** Mean time to failure and to repair of a node, in hours. */
export interface NodeReliability {
  mttfHours: number;
  mttrHours: number;
}

/**
 * Defaults: one failure per node per year (8,760 h) and 8 hours to repair (a working day with spares on
 * site). Both are editable in the panel; they are round figures, not measurements.
 */
export const DEFAULT_RELIABILITY: NodeReliability = { mttfHours: 8760, mttrHours: 8 };

/** The model's inputs: a default for every node, optionally overridden per node id. */
export interface AvailabilityInputs {
  defaults: NodeReliability;
  perNode?: Record<string, NodeReliability>;
}

/** An availability figure with its derived forms. */
export interface AvailabilityFigure {
  /** Probability of being up, 0–1. */
  availability: number;
  /** −log10(1 − A): 3 means 99.9 %. Infinity when A = 1. */
  nines: number;
  downtimeMinutesPerYear: number;
}

/** One service's estimate. */
export interface ServiceAvailability extends AvailabilityFigure {
  id: string;
  label: string;
  /** "2 of 3". */
  kOfN: string;
}

/** The whole estimate. */
export interface AvailabilityEstimate {
  node: AvailabilityFigure;
  services: ServiceAvailability[];
  controlPlane: AvailabilityFigure & { method: 'exact' | 'independent' };
  assumptions: string[];
}

const MINUTES_PER_YEAR = 365.25 * 24 * 60;

/** A = MTTF / (MTTF + MTTR). */
export function nodeAvailability(r: NodeReliability): number {
  return r.mttfHours / (r.mttfHours + r.mttrHours);
}

/** Percentage, nines and downtime per year for an availability. */
export function figure(availability: number): AvailabilityFigure {
  const a = Math.min(1, Math.max(0, availability));
  return {
    availability: a,
    nines: a >= 1 ? Infinity : -Math.log10(1 - a),
    downtimeMinutesPerYear: (1 - a) * MINUTES_PER_YEAR,
  };
}

/** The SLA table of the book's first chapter: availability level and the downtime it allows. */
export const SLA_TABLE = [
  {
    level: 'one 9 (90%)',
    availability: 0.9,
    perDay: '144.00 minutes',
    perMonth: '72 hours',
    perYear: '36.5 days',
  },
  {
    level: 'two 9s (99%)',
    availability: 0.99,
    perDay: '14.40 minutes',
    perMonth: '7 hours',
    perYear: '3.65 days',
  },
  {
    level: 'three 9s (99.9%)',
    availability: 0.999,
    perDay: '86.40 seconds',
    perMonth: '43 minutes',
    perYear: '8.77 hours',
  },
  {
    level: 'four 9s (99.99%)',
    availability: 0.9999,
    perDay: '8.64 seconds',
    perMonth: '4 minutes',
    perYear: '52.60 minutes',
  },
  {
    level: 'five 9s (99.999%)',
    availability: 0.99999,
    perDay: '0.86 seconds',
    perMonth: '26 seconds',
    perYear: '5.26 minutes',
  },
] as const;

/**
 * P(at least `k` of the members up, and at least one data member up) for independent members with the
 * given availabilities. Dynamic programming over (members up, any data member up): O(n²).
 */
export function kOfNAvailability(members: { a: number; data: boolean }[], k: number): number {
  // dist[j][d]: probability that j members are up and (d = 1) at least one data member is.
  let dist: number[][] = [[1, 0]];
  const needData = members.some((m) => m.data) && members.some((m) => !m.data);
  for (const m of members) {
    const next: number[][] = Array.from({ length: dist.length + 1 }, () => [0, 0]);
    dist.forEach(([noData, withData], j) => {
      next[j]![0]! += noData! * (1 - m.a);
      next[j]![1]! += withData! * (1 - m.a);
      next[j + 1]![m.data ? 1 : 0]! += noData! * m.a;
      next[j + 1]![1]! += withData! * m.a;
    });
    dist = next;
  }
  let total = 0;
  dist.forEach(([noData, withData], j) => {
    if (j >= k) total += withData! + (needData ? 0 : noData!);
  });
  return total;
}

function serviceAvailability(svc: ClusterService, a: (id: string) => number): number {
  const data = new Set(svc.dataMembers);
  return kOfNAvailability(
    svc.members.map((id) => ({ a: a(id), data: data.has(id) })),
    svc.required,
  );
}

/** Above this many control-plane nodes the exact enumeration (2^n simulations) is replaced by a product. */
const EXACT_LIMIT = 14;

/**
 * For each design, the failure combinations of its control-plane nodes that keep the control plane up
 * (bit i set = node i failed). They depend on the design only, so editing MTTF/MTTR re-weights them
 * without simulating again.
 */
const survivingStates = new WeakMap<Design, { nodes: string[]; masks: number[] }>();

function controlPlaneStates(design: Design, prepared: PreparedDesign, nodes: string[]): number[] {
  const cached = survivingStates.get(design);
  if (cached && cached.nodes.join() === nodes.join()) return cached.masks;
  const masks: number[] = [];
  for (let mask = 0; mask < 1 << nodes.length; mask++) {
    const failed = nodes.filter((_, i) => mask & (1 << i));
    if (simulatePrepared(prepared, { nodes: failed }).controlPlane !== 'down') masks.push(mask);
  }
  survivingStates.set(design, { nodes, masks });
  return masks;
}

/** Estimates availability per service and for the control plane as a whole. */
export function estimateAvailability(design: Design, inputs: AvailabilityInputs): AvailabilityEstimate {
  const a = (id: string) => nodeAvailability(inputs.perNode?.[id] ?? inputs.defaults);
  const prepared = prepareSimulation(design);
  const services = prepared.services.map((svc) => ({
    id: svc.id,
    label: svc.label,
    kOfN: `${svc.required} of ${svc.members.length}`,
    ...figure(serviceAvailability(svc, a)),
  }));
  const cpServices = prepared.services.filter((s) => s.controlPlane);
  const cpNodes = [...new Set(cpServices.flatMap((s) => s.members))];
  let cp = 0;
  let method: 'exact' | 'independent' = 'exact';
  if (cpNodes.length > EXACT_LIMIT) {
    method = 'independent';
    cp = cpServices.reduce((acc, s) => acc * serviceAvailability(s, a), 1);
  } else if (cpNodes.length > 0) {
    const up = cpNodes.map(a);
    for (const mask of controlPlaneStates(design, prepared, cpNodes)) {
      let p = 1;
      for (let i = 0; i < up.length; i++) p *= mask & (1 << i) ? 1 - up[i]! : up[i]!;
      cp += p;
    }
  }
  return {
    node: figure(nodeAvailability(inputs.defaults)),
    services,
    controlPlane: { ...figure(cp), method },
    assumptions: [
      'A model, not a measurement: each node is up with probability MTTF / (MTTF + MTTR).',
      'Nodes fail independently; networks, power, zones and software do not fail.',
      'A service is up when at least k of its n members are (its quorum or one instance), failover is instant.',
      method === 'exact'
        ? `Control plane: every combination of its ${cpNodes.length} nodes is simulated (shared nodes counted once).`
        : `Control plane: ${cpNodes.length} nodes are too many to enumerate; services are multiplied as if independent (pessimistic when they share nodes).`,
    ],
  };
}

/** "4 nines (99.99%)". */
export function formatNines(f: AvailabilityFigure): string {
  if (!Number.isFinite(f.nines)) return '100%';
  const pct = (f.availability * 100).toFixed(Math.min(8, Math.max(2, Math.floor(f.nines) + 1)));
  return `${f.nines.toFixed(1)} nines (${pct}%)`;
}

/** Downtime per year in the largest sensible unit: "52.6 minutes", "8.8 hours", "3.7 days". */
export function formatDowntime(minutes: number): string {
  if (minutes < 1) return `${(minutes * 60).toFixed(1)} seconds`;
  if (minutes < 120) return `${minutes.toFixed(1)} minutes`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} hours`;
  return `${(minutes / 1440).toFixed(1)} days`;
}
