/**
 * One design, one truth: over every template and generated option combinations, the members the
 * simulation counts, the nodes the plan configures, the members written into each cluster's config and
 * the nodes the verify checks ask are the same sets, service by service.
 */
import { describe, expect, test } from 'vitest';
import type { Design } from '../design/schema';
import { compilePlan } from '../plan/compile';
import { templateDesigns } from '../plan/fixtures/designs';
import type { Plan } from '../plan/types';
import { prepareSimulation } from '../simulation/simulate';
import { verificationChecks } from '../verify/checks';
import { resolveTopology } from './resolve';

type Change = (d: Design) => void;

/** Option values combined with each template (each alone, and database × messaging × load balancer). */
function variants(): [string, Change][] {
  const singles: [string, Change][] = [
    ['as drawn', () => {}],
    ['memcached local', (d) => (d.options.memcached = 'local')],
    ['two_node on', (d) => (d.options.cluster = { twoNode: true, noQuorumPolicy: 'stop' })],
    ['ovn', (d) => (d.options.neutron = 'ovn')],
    ['ceph size 2', (d) => (d.options.cephPoolSize = 2)],
    [
      'messaging role on the last node',
      (d) => {
        const last = d.nodes[d.nodes.length - 1]!;
        last.roles = [...last.roles, 'messaging'];
      },
    ],
    [
      'dedicated RabbitMQ node under Pacemaker',
      (d) => {
        const last = d.nodes[d.nodes.length - 1]!;
        last.roles = [...last.roles, 'messaging'];
        d.options.messaging = { mode: 'pacemaker' };
      },
    ],
    [
      'arbitrator role without the option',
      (d) => {
        const last = d.nodes[d.nodes.length - 1]!;
        last.roles = [...last.roles, 'arbitrator'];
        d.options.arbitrator = { mode: 'none' };
      },
    ],
  ];
  const combos: [string, Change][] = [];
  for (const database of ['galera-haproxy', 'galera-pacemaker'] as const)
    for (const messaging of [
      { mode: 'quorum-queues' as const },
      { mode: 'mirrored' as const, haMode: 'all' as const },
      { mode: 'pacemaker' as const },
    ])
      for (const loadBalancer of ['haproxy-keepalived', 'pacemaker-haproxy'] as const)
        combos.push([
          `${database}, ${messaging.mode}, ${loadBalancer}`,
          (d) => {
            d.options.database = database;
            d.options.messaging = messaging;
            d.options.loadBalancer = loadBalancer;
          },
        ]);
  return [...singles, ...combos];
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();
const stepNodes = (plan: Plan, prefix: string) =>
  sorted(
    plan.steps
      .filter((s) => s.id === prefix || s.id.startsWith(`${prefix}:`))
      .flatMap((s) => s.targets.nodes),
  );
const fileOf = (plan: Plan, path: string): string[] =>
  plan.steps.flatMap((s) =>
    s.actions.flatMap((a) => (a.kind === 'write-file' && a.path === path ? [a.content] : [])),
  );

const cases: [string, Design][] = [];
for (const [name, design] of Object.entries(templateDesigns()))
  for (const [label, change] of variants()) {
    const d = structuredClone(design);
    change(d);
    cases.push([`${name} / ${label}`, d]);
  }

describe.each(cases)('%s', (_name, design) => {
  const t = resolveTopology(design);
  const plan = compilePlan(design);
  const sim = prepareSimulation(design);
  const checks = verificationChecks(design);
  const member = (id: string) => sorted(sim.services.find((s) => s.id === id)?.members ?? []);
  const hostOf = new Map(design.nodes.map((n) => [n.hostname, n.id]));

  test('Galera: voters simulated = nodes configured = cluster size waited for and verified', () => {
    if (t.facts.galera.mode === 'drbd-mysql' || t.database.nodes.length === 0) return;
    const voters = sorted(t.facts.galera.voters.map((n) => n.id));
    expect(member('galera')).toEqual(voters);
    expect(sorted([...stepNodes(plan, 'galera.config'), ...stepNodes(plan, 'galera.garbd')])).toEqual(voters);
    const size = plan.steps.find((s) => s.id === 'galera.cluster-size');
    expect(JSON.stringify(size?.actions)).toContain(`"text":"${voters.length}"`);
    const verified = checks.find((c) => c.id === 'galera.cluster-size');
    if (verified) expect(JSON.stringify(verified.judge)).toContain(`${voters.length}`);
  });

  test('RabbitMQ: brokers simulated = brokers configured = brokers verified; one partition policy', () => {
    if (t.facts.rabbitmq.mode === 'drbd') return;
    const brokers = sorted(t.messaging.nodes.map((n) => n.id));
    expect(member('rabbitmq')).toEqual(brokers);
    expect(stepNodes(plan, 'rabbitmq.config')).toEqual(brokers);
    for (const conf of fileOf(plan, '/etc/rabbitmq/rabbitmq.conf'))
      expect(conf).toContain(`cluster_partition_handling = ${t.facts.rabbitmq.partitionHandling}`);
    const running = checks.find((c) => c.judge.kind === 'rabbit-running');
    if (running && running.judge.kind === 'rabbit-running')
      expect(sorted(running.judge.expected.map((n) => hostOf.get(n.replace(/^rabbit@/, ''))!))).toEqual(
        brokers,
      );
    // The simulation's threshold follows what rabbitmq.conf makes the brokers do.
    const svc = sim.services.find((s) => s.id === 'rabbitmq')!;
    if (t.facts.rabbitmq.partitionHandling === 'pause_minority')
      expect(svc.required).toBe(Math.floor(brokers.length / 2) + 1);
  });

  test('Pacemaker: members simulated = corosync nodelist = nodes started = nodes verified', () => {
    const members = sorted(t.pacemaker.nodes.map((n) => n.id));
    expect(member('pacemaker')).toEqual(members.length > 0 ? members : []);
    if (members.length === 0) return expect(stepNodes(plan, 'pacemaker.corosync')).toEqual([]);
    const corosync = fileOf(plan, '/etc/corosync/corosync.conf')[0] ?? '';
    const listed = [...corosync.matchAll(/^\s+name: (\S+)$/gm)].map((m) => hostOf.get(m[1]!)!);
    expect(sorted(listed)).toEqual(members);
    expect(stepNodes(plan, 'pacemaker.corosync')).toEqual(members);
    expect(corosync.includes('two_node: 1')).toBe(t.facts.pacemaker.twoNode);
    const healthy = checks.find((c) => c.judge.kind === 'pacemaker-healthy');
    if (healthy && healthy.judge.kind === 'pacemaker-healthy')
      expect(sorted(healthy.judge.nodes.map((h) => hostOf.get(h)!))).toEqual(members);
  });

  test('memcached and load balancers: simulated = configured', () => {
    expect(member('memcached')).toEqual(sorted(t.facts.memcached.nodes.map((n) => n.id)));
    expect(stepNodes(plan, 'memcached')).toEqual(member('memcached'));
    if (design.options.loadBalancer === 'haproxy-keepalived')
      expect(stepNodes(plan, 'lb.keepalived')).toEqual(member('load-balancer'));
  });

  test('Ceph: monitors simulated = monitors created = mon_initial_members; pool size as simulated', () => {
    if (!t.facts.ceph.used || t.facts.ceph.mons.length === 0) return;
    expect(stepNodes(plan, 'ceph.monitor')).toEqual(member('ceph-mon'));
    const conf = fileOf(plan, '/etc/ceph/ceph.conf')[0] ?? '';
    const initial = /mon_initial_members = (.*)/
      .exec(conf)![1]!
      .split(', ')
      .map((h) => hostOf.get(h)!);
    expect(sorted(initial)).toEqual(member('ceph-mon'));
    expect(conf).toContain(`osd_pool_default_size = ${t.facts.ceph.size}`);
    expect(conf).toContain(`osd_pool_default_min_size = ${t.facts.ceph.minSize}`);
    const osd = sim.services.find((s) => s.id === 'ceph-osd');
    if (osd) expect(osd.required).toBe(Math.min(osd.members.length, t.facts.ceph.minSize));
  });
});
