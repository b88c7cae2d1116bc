/**
 * Which drills the open design can run, and on which lab's nodes. Drills power nodes off and on, which
 * Quorum can do only for nodes of a lab it started (`quorum lab up`): a design node is a lab node when its
 * SSH host or its management address is a lab node's address. Pure: the backend passes in the labs it
 * found and whatever blocks a drill right now (host problem, a deploy run or a drill in progress).
 */
import type { Design } from '../design/schema';
import { resolveTopology } from '../topology';
import type { DrillAvailability, DrillKind } from './types';

/** A lab as the backend found it: its nodes with their addresses and whether each is powered on. */
export interface LabSummary {
  name: string;
  nodes: { hostname: string; address: string; running: boolean }[];
}

/** Everything a drill needs to know of the deployment, in the lab's terms (lab host names). */
export interface DrillTarget {
  lab: string;
  vip: string;
  /** The database (Galera data) nodes, as the lab names them, in design order. */
  nodes: string[];
  /** The RabbitMQ brokers on the lab, with the address clients use. */
  brokers: { hostname: string; address: string }[];
  amqpKind: 'classic' | 'quorum';
  /** The MariaDB unit of the design's distro (stopped and started by the runbook procedure). */
  mariadbService: string;
}

/** The drills, in the order the Verify panel lists them, with their one-line why. */
export const DRILLS: readonly { kind: DrillKind; title: string; why: string }[] = [
  {
    kind: 'vip-failover',
    title: 'Kill the VIP holder',
    why: 'Powers off the node that holds the database VIP while a client writes through it: how long until writes succeed again, and is every acknowledged write still there?',
  },
  {
    kind: 'full-outage',
    title: 'Full database outage',
    why: "Powers off every database node while a client writes, then brings Galera back with the runbook's procedure (safe_to_bootstrap / highest seqno): is every acknowledged write still there?",
  },
];

/** What blocks every drill right now, checked before the design (one sentence each, or null). */
export interface DrillBlockers {
  /** This machine cannot power lab nodes (not Linux, not root, tools missing): `labHostProblem`. */
  host: string | null;
  /** A deploy run or another drill is in progress. */
  busy: string | null;
}

/** The lab holding the design's database nodes and the drill target on it, or why there is none. */
export function drillTarget(
  design: Design,
  labs: readonly LabSummary[],
): { target: DrillTarget; problem: null } | { target: null; problem: string } {
  const ctx = resolveTopology(design);
  const dbNodes = ctx.database.nodes;
  const addressesOf = (node: Design['nodes'][number]) =>
    new Set([ctx.address(node), node.ssh?.host].filter((a): a is string => Boolean(a)));
  const labNodeFor = (lab: LabSummary, node: Design['nodes'][number]) => {
    const addresses = addressesOf(node);
    return lab.nodes.find((n) => addresses.has(n.address)) ?? null;
  };
  const lab = labs.find((l) => dbNodes.length > 0 && dbNodes.every((n) => labNodeFor(l, n)));
  if (!lab)
    return {
      target: null,
      problem:
        "Drills power nodes off and on; this design's database nodes are not lab nodes (start a lab with quorum lab up and deploy its design).",
    };
  if (design.options.database === 'drbd-mysql')
    return {
      target: null,
      problem: 'The drills need a Galera cluster; this design keeps the database on DRBD with MySQL.',
    };
  const vip = ctx.vipFor('database');
  if (!vip)
    return {
      target: null,
      problem: 'The drills write through the database VIP; this design has no VIP in front of the database.',
    };
  if (dbNodes.length < 2)
    return {
      target: null,
      problem: 'The drills need at least two Galera data nodes; this design has one.',
    };
  const labNodes = dbNodes.map((n) => labNodeFor(lab, n)!);
  const off = lab.nodes.filter((n) => !n.running).map((n) => n.hostname);
  if (off.length > 0)
    return {
      target: null,
      problem: `Lab ${lab.name} has nodes powered off (${off.join(', ')}): boot them with quorum lab recover first.`,
    };
  const brokers = ctx.messaging.nodes.flatMap((n) => {
    const onLab = labNodeFor(lab, n);
    return onLab ? [{ hostname: onLab.hostname, address: onLab.address }] : [];
  });
  return {
    target: {
      lab: lab.name,
      vip: vip.address,
      nodes: labNodes.map((n) => n.hostname),
      brokers,
      amqpKind: design.options.messaging.mode === 'quorum-queues' ? 'quorum' : 'classic',
      mariadbService: ctx.distro.mariadb.service,
    },
    problem: null,
  };
}

/** Every drill of the Verify panel: available, or the one sentence that says what is needed. */
export function drillAvailability(
  design: Design,
  labs: readonly LabSummary[],
  blockers: DrillBlockers,
): DrillAvailability[] {
  const found = blockers.host ? null : drillTarget(design, labs);
  const reason = blockers.host
    ? `Drills power lab nodes off and on: ${blockers.host}.`
    : (found?.problem ?? blockers.busy);
  return DRILLS.map((d) => ({
    ...d,
    available: reason === null,
    reason,
    lab: found?.target?.lab ?? null,
  }));
}
