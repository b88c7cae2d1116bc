/**
 * Which option choices cannot go together, and why. A rule looks at the design (other options, the nodes,
 * the release) and names the choices it disables with a reason; the Options tab disables those choices and
 * shows the reason. Rules are data so the tests can walk every pair.
 */
import { RELEASES, type Design, type Release } from './schema';
import { OPTION_GROUPS, type OptionChoice, type OptionKey } from './options-catalog';
import { optionValue } from './options-values';

/** One incompatibility: when `applies`, the choices in `disables` are unavailable for `reason`. */
export interface CompatibilityRule {
  id: string;
  applies: (design: Design) => boolean;
  disables: { key: OptionKey; value: string }[];
  reason: string;
}

const releaseIndex = (release: Release) => RELEASES.indexOf(release);
const before = (design: Design, release: Release) => releaseIndex(design.release) < releaseIndex(release);
const pacemakerFenced = (design: Design) => design.options.fencing !== 'none';
const usesDrbd = (design: Design) =>
  design.options.database === 'drbd-mysql' || design.options.messaging.mode === 'drbd';

/** The rules, each stated once per direction so whichever choice comes second is the one disabled. */
export const COMPATIBILITY_RULES: CompatibilityRule[] = [
  {
    id: 'drbd-needs-fencing',
    applies: (d) => !pacemakerFenced(d),
    disables: [
      { key: 'database', value: 'drbd-mysql' },
      { key: 'messaging', value: 'drbd' },
    ],
    reason:
      'DRBD active/passive needs fencing: without it both nodes can promote the disk and split the data. Choose IPMI or SBD fencing first.',
  },
  {
    id: 'fencing-required-by-drbd',
    applies: usesDrbd,
    disables: [{ key: 'fencing', value: 'none' }],
    reason: 'A DRBD active/passive service is chosen: it needs fencing to avoid split brain.',
  },
  {
    id: 'ignore-quorum-needs-fencing',
    applies: (d) => !pacemakerFenced(d),
    disables: [{ key: 'cluster.noQuorumPolicy', value: 'ignore' }],
    reason: 'Ignoring quorum without fencing lets both halves of a split cluster run the same resources.',
  },
  {
    id: 'fencing-required-by-ignore-quorum',
    applies: (d) => d.options.cluster?.noQuorumPolicy === 'ignore',
    disables: [{ key: 'fencing', value: 'none' }],
    reason:
      'no-quorum-policy is “ignore”: only fencing stops both halves of a split cluster running resources.',
  },
  {
    id: 'garbd-needs-galera',
    applies: (d) => d.options.database === 'drbd-mysql',
    disables: [{ key: 'arbitrator', value: 'dedicated' }],
    reason: 'garbd arbitrates a Galera cluster; MySQL on DRBD has no Galera cluster to join.',
  },
  {
    id: 'drbd-has-no-garbd',
    applies: (d) => d.options.arbitrator.mode === 'node',
    disables: [{ key: 'database', value: 'drbd-mysql' }],
    reason: 'A garbd arbitrator is chosen; garbd only works with Galera. Set the arbitrator to none first.',
  },
  {
    id: 'quorum-queues-from-yoga',
    applies: (d) => before(d, 'yoga'),
    disables: [{ key: 'messaging', value: 'quorum-queues' }],
    reason: 'oslo.messaging uses RabbitMQ quorum queues from Yoga on (rabbit_quorum_queue).',
  },
  {
    id: 'ovn-from-ussuri',
    applies: (d) => before(d, 'ussuri'),
    disables: [{ key: 'neutron', value: 'ovn' }],
    reason: 'ML2/OVN is part of Neutron from Ussuri on.',
  },
  {
    id: 'octavia-from-pike',
    applies: (d) => before(d, 'pike'),
    disables: [{ key: 'lbaas', value: 'octavia' }],
    reason:
      'Octavia serves its own load-balancer API (v2) from Pike on; before, it ran behind neutron-lbaas.',
  },
  {
    id: 'octavia-needs-computes',
    applies: (d) => !d.nodes.some((n) => n.roles.includes('compute')),
    disables: [{ key: 'lbaas', value: 'octavia' }],
    reason: 'Octavia boots its amphorae as instances: add compute nodes first.',
  },
  {
    id: 'monitoring-node-for-graphs-and-logs',
    applies: (d) => !d.nodes.some((n) => n.roles.includes('monitoring')),
    disables: [
      { key: 'metrics', value: 'graphite' },
      { key: 'logging', value: 'rsyslog' },
    ],
    reason:
      'Graphite and the central log host run on the monitoring nodes: add a node with the monitoring role first.',
  },
  {
    id: 'cinder-gluster-removed-in-ocata',
    applies: (d) => !before(d, 'ocata'),
    disables: [{ key: 'storage.volumes', value: 'gluster' }],
    reason: 'Cinder’s GlusterFS volume driver was removed in Ocata; use Ceph RBD or NFS for volumes.',
  },
];

/** The nodes that run Galera: those with the database role, else the controllers (as in the HA guide). */
export function databaseNodeIds(design: Design): Set<string> {
  const dedicated = design.nodes.filter((n) => n.roles.includes('database'));
  const hosts = dedicated.length ? dedicated : design.nodes.filter((n) => n.roles.includes('controller'));
  return new Set(hosts.map((n) => n.id));
}

/** Why the choice `value` of group `key` is unavailable in `design`, or null when it may be chosen. */
export function disabledReason(design: Design, key: OptionKey, value: string): string | null {
  for (const rule of COMPATIBILITY_RULES) {
    if (rule.disables.some((d) => d.key === key && d.value === value) && rule.applies(design))
      return rule.reason;
  }
  if (key === 'arbitrator' && value.startsWith('node:')) {
    const id = value.slice(5);
    const node = design.nodes.find((n) => n.id === id);
    if (!node) return `There is no node "${id}".`;
    if (design.options.database === 'drbd-mysql') {
      return 'garbd arbitrates a Galera cluster; MySQL on DRBD has no Galera cluster to join.';
    }
    if (databaseNodeIds(design).has(id)) {
      return `${node.hostname} runs Galera: an arbitrator on a database node adds no vote that survives that node.`;
    }
  }
  return null;
}

/** The arbitrator's choices: none, each node, or a new dedicated small node. */
export function arbitratorChoices(design: Design): OptionChoice[] {
  const source = { doc: '004', section: 'Highly available database (Galera) — tiebreaker' } as const;
  return [
    {
      value: 'none',
      label: 'None',
      why: 'No tiebreaker: fine with an odd number of Galera nodes; two nodes lose quorum when either fails.',
      source,
    },
    ...design.nodes.map((node) => ({
      value: `node:${node.id}`,
      label: `garbd on ${node.hostname}`,
      why: 'garbd joins the Galera cluster as a voter without data, on a node that is not a database node.',
      source,
    })),
    {
      value: 'dedicated',
      label: 'garbd on a new dedicated small node',
      why: 'The field report’s choice: a separate machine that only runs garbd, so two controllers keep quorum.',
      source,
    },
  ];
}

/** The choices of a group for `design` (the arbitrator's depend on the nodes). */
export function choicesOf(design: Design, key: OptionKey): OptionChoice[] {
  if (key === 'arbitrator') return arbitratorChoices(design);
  return OPTION_GROUPS.find((g) => g.key === key)?.choices ?? [];
}

/** Every current choice that a rule disables: a design loaded from a file may hold such a combination. */
export function conflicts(design: Design): { key: OptionKey; value: string; reason: string }[] {
  const keys: OptionKey[] = ['arbitrator', ...OPTION_GROUPS.map((g) => g.key)];
  return keys.flatMap((key) => {
    const value = optionValue(design, key);
    const reason = disabledReason(design, key, value);
    return reason ? [{ key, value, reason }] : [];
  });
}
