/**
 * The disagreements issue 13 found between the rules, the simulation, the plan and the rendered files,
 * one regression test each: every one of them failed before the resolved topology.
 */
import { describe, expect, test } from 'vitest';
import { nodeInput, variant } from '../design/fixtures/designs';
import type { Design, DesignInput } from '../design/schema';
import { parseIni } from '../render/ini';
import { compilePlan } from '../plan/compile';
import type { Plan } from '../plan/types';
import { validate } from '../rules/validate';
import { singleFailureSweep } from '../simulation/sweep';
import { prepareSimulation } from '../simulation/simulate';

const file = (plan: Plan, path: string, stepPrefix = ''): string => {
  for (const s of plan.steps)
    if (s.id.startsWith(stepPrefix))
      for (const a of s.actions) if (a.kind === 'write-file' && a.path === path) return a.content;
  throw new Error(`no ${path} in the plan`);
};
const commands = (plan: Plan, prefix: string) =>
  plan.steps
    .filter((s) => s.id.startsWith(prefix))
    .flatMap((s) => s.actions.flatMap((a) => (a.kind === 'run' || a.kind === 'check' ? [a.command] : [])))
    .join('\n');
const opts = (d: DesignInput) => d.options!;
const ruleIds = (d: Design) => validate(d).map((f) => `${f.severity} ${f.ruleId}`);

describe('issue 13: one design, one truth', () => {
  test('an arbitrator role without the arbitrator option installs no garbd and waits for 3 members', () => {
    const d = variant((i) => i.nodes!.push(nodeInput('garbd', ['arbitrator'], 40, ['mgmt'])));
    const plan = compilePlan(d);
    expect(plan.steps.some((s) => s.id === 'galera.garbd')).toBe(false);
    expect(JSON.stringify(plan.steps.find((s) => s.id === 'galera.cluster-size')!.actions)).toContain(
      '"text":"3"',
    );
    expect(prepareSimulation(d).services.find((s) => s.id === 'galera')!.members).toHaveLength(3);
    expect(ruleIds(d)).toContain('warning arbitrator.unused');
  });

  test('galera-pacemaker with dedicated database nodes: corosync lists them, Galera stays on them', () => {
    const d = variant((i) => {
      for (const n of ['db1', 'db2', 'db3'])
        i.nodes!.push(nodeInput(n, ['database'], 30 + i.nodes!.length, ['mgmt']));
      opts(i).database = 'galera-pacemaker';
    });
    const plan = compilePlan(d);
    const corosync = file(plan, '/etc/corosync/corosync.conf');
    for (const h of ['ctl1', 'ctl2', 'ctl3', 'db1', 'db2', 'db3']) expect(corosync).toContain(`name: ${h}`);
    expect(prepareSimulation(d).services.find((s) => s.id === 'pacemaker')!.members).toHaveLength(6);
    expect(commands(plan, 'galera.pacemaker-resource')).toContain(
      'pcs constraint location galera-clone avoids ctl1 ctl2 ctl3',
    );
  });

  test('Neutron agent counts, tenant type and L2 population reach neutron.conf, ml2_conf.ini and the agents', () => {
    const d = variant((i) => {
      Object.assign(opts(i), {
        dhcpAgentsPerNetwork: 3,
        maxL3AgentsPerRouter: 1,
        tenantNetworkType: 'gre',
        l2Population: false,
      });
    });
    const plan = compilePlan(d);
    const neutron = parseIni(file(plan, '/etc/neutron/neutron.conf', 'neutron.server-install'));
    expect(neutron.DEFAULT!.dhcp_agents_per_network).toBe('3');
    expect(neutron.DEFAULT!.max_l3_agents_per_router).toBe('1');
    const ml2 = parseIni(file(plan, '/etc/neutron/plugins/ml2/ml2_conf.ini'));
    expect(ml2.ml2!.tenant_network_types).toBe('gre');
    expect(ml2.ml2!.type_drivers).toBe('flat,vlan,gre');
    expect(ml2.ml2!.mechanism_drivers).toBe('openvswitch');
    expect(ml2.ml2_type_gre!.tunnel_id_ranges).toBe('1:1000');
    const agent = parseIni(file(plan, '/etc/neutron/plugins/ml2/openvswitch_agent.ini'));
    expect(agent.agent!.tunnel_types).toBe('gre');
    expect(agent.agent!.l2_population).toBe('false');
  });

  test('Ceph pool size 2 is what the pools get, as the simulation assumes', () => {
    const d = variant((i) => (opts(i).cephPoolSize = 2));
    const plan = compilePlan(d);
    const conf = file(plan, '/etc/ceph/ceph.conf');
    expect(conf).toContain('osd_pool_default_size = 2');
    expect(conf).toContain('osd_pool_default_min_size = 1');
    expect(commands(plan, 'ceph.pools')).toContain('ceph osd pool set vms size 2');
    expect(prepareSimulation(d).services.find((s) => s.id === 'ceph-osd')!.required).toBe(1);
  });

  test('corosync two_node only when the option is on; the rule and the file agree', () => {
    const two = (twoNode: boolean) =>
      variant((i) => {
        i.nodes = i.nodes!.filter((n) => n.id !== 'ctl3');
        i.nodes.push(nodeInput('garbd', ['arbitrator'], 40, ['mgmt']));
        opts(i).arbitrator = { mode: 'node', node: 'garbd' };
        opts(i).database = 'galera-pacemaker';
        opts(i).cluster = { twoNode, noQuorumPolicy: 'stop' };
      });
    expect(file(compilePlan(two(false)), '/etc/corosync/corosync.conf')).not.toContain('two_node');
    expect(ruleIds(two(false))).toContain('error quorum.pacemaker');
    expect(file(compilePlan(two(true)), '/etc/corosync/corosync.conf')).toContain('two_node: 1');
    expect(ruleIds(two(true))).not.toContain('error quorum.pacemaker');
  });

  test('2-node RabbitMQ: rule, sweep and rabbitmq.conf tell the same story', () => {
    const two = (messaging: DesignInput['options'] extends infer O ? O : never) =>
      variant((i) => {
        i.nodes = i.nodes!.filter((n) => n.id !== 'ctl3');
        i.nodes.push(nodeInput('garbd', ['arbitrator'], 40, ['mgmt']));
        opts(i).arbitrator = { mode: 'node', node: 'garbd' };
        Object.assign(opts(i), messaging);
      });
    // Quorum queues: a 2-node majority is 2, so either loss stops messaging; all three say so.
    const quorum = two({ messaging: { mode: 'quorum-queues' } });
    expect(ruleIds(quorum)).toContain('error quorum.rabbitmq');
    expect(singleFailureSweep(quorum).failing.some((c) => c.down.includes('RabbitMQ'))).toBe(true);
    // Mirrored queues on 2 brokers: autoheal, so the survivor keeps serving, as the sweep says.
    const mirrored = two({ messaging: { mode: 'mirrored', haMode: 'all' } });
    expect(file(compilePlan(mirrored), '/etc/rabbitmq/rabbitmq.conf')).toContain(
      'cluster_partition_handling = autoheal',
    );
    expect(singleFailureSweep(mirrored).failing.some((c) => c.down.includes('RabbitMQ'))).toBe(false);
  });

  test('OVN: northbound and southbound databases clustered and opened on TCP', () => {
    const plan = compilePlan(variant((i) => (opts(i).neutron = 'ovn')));
    const second = file(plan, '/etc/default/ovn-central', 'neutron.ovn-central:ctl2');
    expect(second).toContain('--db-nb-create-insecure-remote=yes');
    expect(second).toContain('--db-nb-cluster-local-addr=10.0.0.4');
    expect(second).toContain('--db-nb-cluster-remote-addr=10.0.0.3');
    expect(second).toContain('--ovn-northd-sb-db=tcp:10.0.0.3:6642,tcp:10.0.0.4:6642,tcp:10.0.0.5:6642');
  });

  test('a kilo design is refused by a rule, and its plan neither installs Placement nor enables extrepo', () => {
    const d = variant((i) => (i.release = 'kilo'));
    expect(ruleIds(d)).toContain('error release.packages');
    const plan = compilePlan(d);
    expect(plan.steps.some((s) => s.id.startsWith('placement.'))).toBe(false);
    expect(commands(plan, 'os.repositories')).not.toContain('extrepo');
  });

  test('Debian 13 ships 2025.1: no extrepo repository is enabled', () => {
    expect(commands(compilePlan(variant(() => {})), 'os.repositories')).not.toContain('extrepo');
    expect(commands(compilePlan(variant((i) => (i.release = '2024.2'))), 'os.repositories')).toContain(
      'extrepo enable openstack_dalmatian',
    );
  });

  test('ceph.conf: monitors on the public (storage) network', () => {
    const conf = file(compilePlan(variant(() => {})), '/etc/ceph/ceph.conf');
    expect(conf).toContain('public_network = 10.2.0.0/16');
    expect(conf).toContain('mon_host = 10.2.0.23, 10.2.0.24, 10.2.0.25');
  });

  test('a Messaging role on one node moves RabbitMQ there: the rules say so', () => {
    const d = variant((i) => {
      i.nodes!.push(nodeInput('garbd', ['arbitrator', 'messaging'], 40, ['mgmt']));
      opts(i).arbitrator = { mode: 'node', node: 'garbd' };
    });
    const found = validate(d).find((f) => f.ruleId === 'roles.dedicated-hosts');
    expect(found?.message).toMatch(
      /RabbitMQ runs only on garbd \(the nodes with the messaging role\), not on the 3 controllers/,
    );
  });
});
