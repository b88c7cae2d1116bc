/**
 * The runbook as data, built from a design and its plan: IP plan, options with their why, findings, every
 * step with its commands per node, verification and recovery. Markdown and HTML render this one model.
 */
import type { Design } from '../design/schema';
import { resolveTopology } from '../topology';
import type { Action, Plan, Step } from '../plan/types';
import { SECRET_REFERENCE } from '../plan/types';
import { type RecoveryProcedure, recoveryProcedures } from './recovery';

/** A finding to print (from the validation rules, when the caller has them). */
export interface RunbookFinding {
  severity: 'error' | 'warning' | 'info';
  message: string;
  why?: string;
}

/** How secrets appear: masked (default) or filled in from values the user chose to include. */
export interface RunbookOptions {
  /** Secret values by name; when absent every `{{secret:NAME}}` is printed masked. */
  secrets?: Record<string, string>;
  findings?: RunbookFinding[];
  /** A fixed date for reproducible output (ISO string); omitted when absent. */
  generatedAt?: string;
}

/** One option row: what was chosen and why it matters. */
export interface OptionRow {
  name: string;
  value: string;
  why: string;
}

/** The whole runbook. */
export interface Runbook {
  title: string;
  subtitle: string;
  generatedAt: string | null;
  nodes: { hostname: string; roles: string[]; addresses: Record<string, string>; ssh: string }[];
  networks: { id: string; name: string; purpose: string; cidr: string; vlan: string; mtu: number }[];
  vips: { name: string; address: string; network: string; services: string[] }[];
  options: OptionRow[];
  findings: RunbookFinding[];
  phases: { phase: string; steps: RunbookStep[] }[];
  recovery: RecoveryProcedure[];
  secretsMasked: boolean;
  secretNames: string[];
}

/** A step with its actions, secrets already masked or filled. */
export interface RunbookStep {
  id: string;
  title: string;
  why: string;
  guide: string | null;
  targets: string[];
  mode: string;
  guard: string | null;
  rerunSafe: boolean;
  actions: Action[];
}

/** What a masked secret looks like in print. */
export function maskedSecret(name: string): string {
  return `«secret:${name}»`;
}

function fill(text: string, secrets: Record<string, string> | undefined): string {
  return text.replace(SECRET_REFERENCE, (_, name: string) => secrets?.[name] ?? maskedSecret(name));
}

function fillAction(action: Action, secrets: Record<string, string> | undefined): Action {
  if (action.kind === 'write-file') return { ...action, content: fill(action.content, secrets) };
  return { ...action, command: fill(action.command, secrets) };
}

/** Plain-language why of each option value. */
export function optionRows(design: Design): OptionRow[] {
  const o = design.options;
  const rows: OptionRow[] = [];
  const dbWhy = {
    'galera-haproxy':
      'Synchronous multi-master replication; HAProxy sends writes to one node and fails over on the clustercheck health endpoint (HA guide default).',
    'galera-pacemaker':
      'Galera managed by Pacemaker’s promotable galera agent, which chooses the node with the newest data after a full outage (field report).',
    'drbd-mysql':
      'Legacy active/passive MySQL on a DRBD-mirrored disk; deprecated by the HA guide because of split-brain risk.',
  } as const;
  rows.push({ name: 'Database', value: o.database, why: dbWhy[o.database] });
  rows.push({
    name: 'Arbitrator',
    value: o.arbitrator.mode === 'node' ? `garbd on ${o.arbitrator.node}` : 'none',
    why:
      o.arbitrator.mode === 'node'
        ? 'A third vote without data, so two data nodes keep quorum when one fails.'
        : 'No arbitrator: the database nodes vote among themselves (an odd number is needed).',
  });
  const m = o.messaging;
  rows.push({
    name: 'Messaging',
    value: m.mode === 'mirrored' ? `mirrored (${m.haMode}${m.count ? ` ${m.count}` : ''})` : m.mode,
    why:
      m.mode === 'quorum-queues'
        ? 'Quorum queues replicate each queue to a majority of brokers with Raft; classic mirroring is removed in RabbitMQ 4.'
        : m.mode === 'mirrored'
          ? 'Classic mirrored queues (ha-mode policy), as in the HA guide of its time; deprecated upstream.'
          : m.mode === 'pacemaker'
            ? 'RabbitMQ managed by Pacemaker’s rabbitmq-server-ha agent (field report).'
            : 'Legacy active/passive RabbitMQ on DRBD; deprecated by the HA guide.',
  });
  rows.push({
    name: 'Load balancer',
    value: o.loadBalancer,
    why:
      o.loadBalancer === 'haproxy-keepalived'
        ? 'keepalived (VRRP, unicast, nopreempt) moves the VIPs; HAProxy on every load balancer.'
        : 'Pacemaker IPaddr2 resources hold the VIPs, colocated with a cloned HAProxy.',
  });
  const neutronWhy = {
    'ovs-l3ha': 'Each router on several network nodes with VRRP between them (L3 HA).',
    'ovs-dvr': 'Distributed virtual routing: computes route their own traffic; network nodes keep SNAT.',
    'ovs-legacy': 'One network node per router; routers are rescheduled when an agent dies (slow failover).',
    ovn: 'OVN: distributed routing in Open vSwitch, gateway chassis for north-south traffic.',
  } as const;
  rows.push({ name: 'Networking', value: o.neutron, why: neutronWhy[o.neutron] });
  rows.push({
    name: 'Storage',
    value: `images ${o.storage.images}, volumes ${o.storage.volumes}, instances ${o.storage.instances}`,
    why: 'Shared storage lets any controller serve images and lets instances be evacuated from a failed compute.',
  });
  rows.push({
    name: 'memcached',
    value: o.memcached,
    why:
      o.memcached === 'local'
        ? 'Each service uses its local memcached (field report): no waiting on a dead peer.'
        : 'Services list every memcached; caches are shared across controllers.',
  });
  rows.push({
    name: 'Fencing',
    value: o.fencing,
    why:
      o.fencing === 'none'
        ? 'No fencing: Pacemaker cannot power off a hung node.'
        : 'A hung node is powered off before its resources move.',
  });
  return rows;
}

function runbookStep(
  step: Step,
  hostnames: Map<string, string>,
  secrets: Record<string, string> | undefined,
): RunbookStep {
  return {
    id: step.id,
    title: step.title,
    why: step.why,
    guide: step.guide ? `${step.guide.source} — ${step.guide.section}` : null,
    targets: step.targets.nodes.map((id) => hostnames.get(id) ?? id),
    mode: step.mode,
    guard: step.guard ? fill(step.guard.command, secrets) : null,
    rerunSafe: step.rerunSafe,
    actions: step.actions.map((a) => fillAction(a, secrets)),
  };
}

/** Builds the runbook of a design and its compiled plan. */
export function buildRunbook(design: Design, plan: Plan, options: RunbookOptions = {}): Runbook {
  const ctx = resolveTopology(design);
  const hostnames = new Map(design.nodes.map((n) => [n.id, n.hostname]));
  const phases: Runbook['phases'] = [];
  for (const step of plan.steps) {
    let group = phases[phases.length - 1];
    if (!group || group.phase !== step.phase) {
      group = { phase: step.phase, steps: [] };
      phases.push(group);
    }
    group.steps.push(runbookStep(step, hostnames, options.secrets));
  }
  return {
    title: design.name,
    subtitle: `OpenStack ${design.release} · ${design.distro} family · ${design.nodes.length} nodes · ${plan.steps.length} steps`,
    generatedAt: options.generatedAt ?? null,
    nodes: design.nodes.map((n) => ({
      hostname: n.hostname,
      roles: n.roles,
      addresses: Object.fromEntries(
        n.nics.filter((nic) => nic.address).map((nic) => [nic.network, `${nic.address} (${nic.name})`]),
      ),
      ssh: n.ssh ? `${n.ssh.user}@${n.ssh.host}:${n.ssh.port}` : '—',
    })),
    networks: design.networks.map((n) => ({
      id: n.id,
      name: n.name,
      purpose: n.purpose,
      cidr: n.cidr,
      vlan: n.vlan ? String(n.vlan) : '—',
      mtu: n.mtu,
    })),
    vips: design.vips.map((v) => ({
      name: v.name,
      address: v.address,
      network: v.network,
      services: v.services,
    })),
    options: optionRows(design),
    findings: options.findings ?? [],
    phases,
    recovery: recoveryProcedures(ctx),
    secretsMasked: !options.secrets,
    secretNames: plan.secrets.map((s) => s.name),
  };
}
