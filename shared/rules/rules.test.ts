import { describe, expect, test } from 'vitest';
import type { DesignInput, Role } from '../design/schema';
import { goodDesign, nodeInput, variant } from '../design/fixtures/designs';
import { RULES, validate } from './validate';
import type { Design } from '../design/schema';

type Change = (d: DesignInput) => void;
const nodes = (d: DesignInput) => d.nodes!;
const opts = (d: DesignInput) => d.options!;
const node = (d: DesignInput, id: string) => nodes(d).find((n) => n.id === id)!;
const drop = (d: DesignInput, ...ids: string[]) => {
  d.nodes = nodes(d).filter((n) => !ids.includes(n.id));
};
const setRoles = (d: DesignInput, id: string, roles: Role[]) => {
  node(d, id).roles = roles;
};
/** Two controllers + garbd on a third machine: the field report's layout on the good design. */
const twoPlusGarbd: Change = (d) => {
  drop(d, 'ctl3');
  nodes(d).push(nodeInput('garbd', ['arbitrator'], 40, ['mgmt']));
  opts(d).arbitrator = { mode: 'node', node: 'garbd' };
};

/**
 * Every rule: a change to the good design that triggers it, and one that does not (the good design itself
 * when `passes` is omitted). `severity` is what the triggering design should get.
 */
const TABLE: { rule: string; triggers: Change; passes?: Change; severity?: string; says?: RegExp }[] = [
  {
    rule: 'quorum.galera',
    triggers: (d) => drop(d, 'ctl3'),
    passes: twoPlusGarbd,
    severity: 'error',
    says: /quorum = floor\(2\/2\)\+1 = 2/,
  },
  {
    rule: 'quorum.galera',
    triggers: (d) => nodes(d).push(nodeInput('ctl4', ['controller'], 4, ['mgmt'])),
    severity: 'warning',
    says: /quorum = floor\(4\/2\)\+1 = 3/,
  },
  {
    rule: 'quorum.rabbitmq',
    triggers: (d) => drop(d, 'ctl3'),
    severity: 'error',
    says: /RabbitMQ has 2 voters/,
  },
  {
    rule: 'quorum.pacemaker',
    triggers: (d) => {
      twoPlusGarbd(d);
      opts(d).database = 'galera-pacemaker';
    },
    passes: (d) => {
      twoPlusGarbd(d);
      opts(d).database = 'galera-pacemaker';
      opts(d).cluster = { twoNode: false, noQuorumPolicy: 'ignore' };
    },
    severity: 'error',
    says: /no-quorum-policy=stop/,
  },
  {
    rule: 'quorum.pacemaker-fencing',
    triggers: (d) => {
      opts(d).loadBalancer = 'pacemaker-haproxy';
      opts(d).fencing = 'none';
    },
    passes: (d) => {
      opts(d).loadBalancer = 'pacemaker-haproxy';
    },
  },
  {
    rule: 'quorum.ceph-mon',
    triggers: (d) => setRoles(d, 'ceph3', ['ceph-osd']),
    severity: 'error',
    says: /floor\(2\/2\)/,
  },
  {
    rule: 'arbitrator.on-data-node',
    triggers: (d) => {
      drop(d, 'ctl3');
      opts(d).arbitrator = { mode: 'node', node: 'ctl2' };
    },
    passes: twoPlusGarbd,
  },
  {
    rule: 'arbitrator.same-machine',
    triggers: (d) => {
      twoPlusGarbd(d);
      node(d, 'garbd').ssh = { host: 'hv1' };
      node(d, 'ctl1').ssh = { host: 'hv1' };
    },
    passes: twoPlusGarbd,
  },
  {
    rule: 'arbitrator.network',
    triggers: (d) => {
      twoPlusGarbd(d);
      node(d, 'garbd').nics = [{ name: 'eth0', network: 'storage', address: '10.2.0.40' }];
    },
    passes: twoPlusGarbd,
  },
  { rule: 'arbitrator.replication-traffic', triggers: twoPlusGarbd, severity: 'info' },
  {
    rule: 'arbitrator.unused',
    triggers: (d) => nodes(d).push(nodeInput('tb', ['arbitrator'], 41)),
    passes: twoPlusGarbd,
  },
  {
    rule: 'address.outside-cidr',
    triggers: (d) => {
      node(d, 'cmp1').nics![0]!.address = '10.9.0.7';
    },
  },
  {
    rule: 'address.reserved',
    triggers: (d) => {
      node(d, 'ctl1').nics![1]!.address = '192.168.1.1';
    },
    says: /gateway address/,
  },
  {
    rule: 'address.reserved',
    triggers: (d) => {
      node(d, 'ctl1').nics![1]!.address = '192.168.1.255';
    },
    says: /broadcast address/,
  },
  {
    rule: 'address.duplicate',
    triggers: (d) => {
      d.vips![0]!.address = node(d, 'ctl2').nics![1]!.address!;
    },
  },
  {
    rule: 'network.overlap',
    triggers: (d) => {
      d.networks![3]!.cidr = '10.1.128.0/24';
      nodes(d).forEach((n) => (n.nics = n.nics!.filter((nic) => nic.network !== 'storage')));
    },
  },
  {
    rule: 'network.vlan-per-nic',
    triggers: (d) => {
      d.networks![3]!.vlan = 20;
      node(d, 'cmp1').nics![2]!.name = node(d, 'cmp1').nics![1]!.name;
    },
    passes: (d) => {
      node(d, 'cmp1').nics![2]!.name = node(d, 'cmp1').nics![1]!.name;
    },
  },
  {
    rule: 'vip.load-balancer-network',
    triggers: (d) => {
      d.vips![0]!.network = 'storage';
      d.vips![0]!.address = '10.2.200.1';
    },
  },
  {
    rule: 'vip.vrrp-router-id',
    triggers: (d) => {
      d.vips![1]!.network = 'api';
      d.vips![1]!.address = '192.168.1.6';
      d.vips![0]!.vrrpRouterId = 51;
      d.vips![1]!.vrrpRouterId = 51;
    },
    passes: (d) => {
      d.vips![0]!.vrrpRouterId = 51;
      d.vips![1]!.vrrpRouterId = 51;
    },
  },
  {
    rule: 'network.overlay-mtu',
    triggers: (d) => {
      d.networks![2]!.mtu = 1500;
    },
    says: /instances get MTU 1450/,
  },
  {
    rule: 'node.management-network',
    triggers: (d) => {
      node(d, 'cmp1').nics = node(d, 'cmp1').nics!.filter((nic) => nic.network !== 'mgmt');
    },
  },
  {
    rule: 'roles.controllers',
    triggers: (d) => drop(d, 'ctl2', 'ctl3'),
    severity: 'error',
    says: /Only 1 controller/,
  },
  { rule: 'roles.controllers', triggers: (d) => drop(d, 'ctl3'), severity: 'warning' },
  {
    rule: 'roles.dedicated-hosts',
    triggers: (d) => nodes(d).push(nodeInput('mq1', ['messaging'], 50, ['mgmt'])),
    severity: 'warning',
    says: /RabbitMQ runs only on mq1 \(the nodes with the messaging role\), not on the 3 controllers/,
  },
  {
    rule: 'roles.vip-load-balancers',
    triggers: (d) => ['ctl2', 'ctl3'].forEach((id) => setRoles(d, id, ['controller', 'network'])),
  },
  {
    rule: 'roles.l3-agents',
    triggers: (d) => ['ctl2', 'ctl3'].forEach((id) => setRoles(d, id, ['controller', 'load-balancer'])),
  },
  {
    rule: 'roles.l3-agents',
    triggers: (d) => (opts(d).maxL3AgentsPerRouter = 4),
    passes: (d) => (opts(d).maxL3AgentsPerRouter = 3),
    says: /max_l3_agents_per_router = 4 but only 3/,
  },
  {
    rule: 'roles.dhcp-agents',
    triggers: (d) => (opts(d).dhcpAgentsPerNetwork = 1),
    passes: (d) => (opts(d).dhcpAgentsPerNetwork = 2),
  },
  {
    rule: 'dvr.compute-external',
    triggers: (d) => {
      opts(d).neutron = 'ovs-dvr';
      node(d, 'cmp2').nics = node(d, 'cmp2').nics!.filter((nic) => nic.network !== 'provider');
    },
    passes: (d) => (opts(d).neutron = 'ovs-dvr'),
  },
  {
    rule: 'dvr.agent-modes',
    triggers: (d) => (opts(d).neutron = 'ovs-dvr'),
    severity: 'info',
    says: /dvr_snat on ctl1, ctl2, ctl3/,
  },
  {
    rule: 'dvr.l2-population',
    triggers: (d) => {
      opts(d).neutron = 'ovs-dvr';
      opts(d).l2Population = false;
    },
    passes: (d) => (opts(d).neutron = 'ovs-dvr'),
  },
  {
    rule: 'dvr.kernel-settings',
    triggers: (d) => (opts(d).neutron = 'ovs-dvr'),
    severity: 'info',
    says: /rp_filter = 0/,
  },
  {
    rule: 'dvr.tenant-vrrp',
    triggers: (d) => {
      opts(d).neutron = 'ovs-dvr';
      opts(d).tenantVrrp = true;
    },
    passes: (d) => (opts(d).tenantVrrp = true),
  },
  {
    rule: 'dvr.ovn-not-applicable',
    triggers: (d) => {
      opts(d).neutron = 'ovn';
      opts(d).maxL3AgentsPerRouter = 2;
    },
    passes: (d) => (opts(d).neutron = 'ovn'),
    severity: 'info',
  },
  {
    rule: 'storage.ceph-mons-present',
    triggers: (d) => ['ceph1', 'ceph2', 'ceph3'].forEach((id) => setRoles(d, id, ['ceph-osd'])),
  },
  {
    rule: 'storage.ceph-osd-hosts',
    triggers: (d) => setRoles(d, 'ceph3', ['ceph-mon']),
    passes: (d) => {
      setRoles(d, 'ceph3', ['ceph-mon']);
      opts(d).cephPoolSize = 2;
    },
  },
  {
    rule: 'storage.network',
    triggers: (d) => {
      d.networks = d.networks!.filter((n) => n.id !== 'storage');
      nodes(d).forEach((n) => (n.nics = n.nics!.filter((nic) => nic.network !== 'storage')));
    },
  },
  ...glusterRows(),
  {
    rule: 'storage.gluster-cinder',
    triggers: (d) => (opts(d).storage = { images: 'ceph', volumes: 'gluster', instances: 'ceph' }),
    severity: 'error',
    says: /gone since Ocata/,
  },
  {
    rule: 'storage.gluster-cinder',
    triggers: (d) => {
      d.release = 'newton';
      opts(d).storage = { images: 'ceph', volumes: 'gluster', instances: 'ceph' };
    },
    severity: 'warning',
  },
  {
    rule: 'storage.shared-instances',
    triggers: (d) => (opts(d).storage = { images: 'ceph', volumes: 'ceph', instances: 'local' }),
  },
  {
    rule: 'spof.single-instance',
    triggers: (d) => drop(d, 'ctl2', 'ctl3'),
    says: /Galera \(MariaDB\) runs only on ctl1/,
  },
  { rule: 'legacy.drbd-mysql', triggers: (d) => (opts(d).database = 'drbd-mysql') },
  { rule: 'legacy.drbd-rabbitmq', triggers: (d) => (opts(d).messaging = { mode: 'drbd' }) },
  { rule: 'legacy.single-l3-agent', triggers: (d) => (opts(d).neutron = 'ovs-legacy') },
  {
    rule: 'legacy.mirrored-queues',
    triggers: (d) => (opts(d).messaging = { mode: 'mirrored', haMode: 'exactly', count: 2 }),
    severity: 'error',
    says: /RabbitMQ 4\.0 of Debian 13/,
  },
  {
    // Debian 12's RabbitMQ still mirrors: the old way is a warning there, not an error.
    rule: 'legacy.mirrored-queues',
    triggers: (d) => {
      d.release = 'zed';
      opts(d).messaging = { mode: 'mirrored', haMode: 'exactly', count: 2 };
    },
    severity: 'warning',
    says: /ha-mode exactly 2/,
  },
  {
    rule: 'release.packages',
    triggers: (d) => (d.release = 'kilo'),
    severity: 'error',
    says: /Debian 12 ships Zed/,
  },
  {
    rule: 'release.packages',
    triggers: (d) => {
      d.distro = 'rhel';
      d.release = 'wallaby';
    },
    severity: 'error',
    says: /yoga or later/,
  },
  {
    rule: 'release.source',
    triggers: (d) => (d.release = '2024.1'),
    passes: (d) => (d.release = 'kilo'),
    severity: 'info',
    says: /openstack_caracal repository on Debian 12/,
  },
  {
    rule: 'release.source',
    triggers: (d) => (d.distro = 'suse'),
    passes: (d) => (d.release = 'kilo'),
    severity: 'warning',
    says: /Cloud:OpenStack:Epoxy/,
  },
  {
    rule: 'release.quorum-queues',
    triggers: (d) => (d.release = 'xena'),
    severity: 'error',
    says: /Yoga or later/,
  },
  {
    rule: 'release.ovn-tenant-type',
    triggers: (d) => {
      opts(d).neutron = 'ovn';
      opts(d).tenantNetworkType = 'vxlan';
    },
    passes: (d) => {
      opts(d).neutron = 'ovn';
      opts(d).tenantNetworkType = 'geneve';
    },
    severity: 'error',
  },
  {
    rule: 'zones.count',
    triggers: (d) => nodes(d).forEach((n, i) => (n.zone = i % 2 ? 'a' : 'b')),
    passes: (d) => nodes(d).forEach((n, i) => (n.zone = ['a', 'b', 'c'][i % 3])),
  },
  {
    rule: 'zones.majority',
    triggers: (d) => nodes(d).forEach((n) => (n.zone = n.id === 'ctl3' || n.id === 'ceph3' ? 'b' : 'a')),
    passes: (d) => nodes(d).forEach((n, i) => (n.zone = ['a', 'b', 'c'][i % 3])),
    says: /Zone a holds 2 of 3 Galera \(MariaDB\) voters/,
  },
];

function glusterRows(): typeof TABLE {
  const gluster =
    (count: number, g?: NonNullable<DesignInput['options']>['gluster']): Change =>
    (d) => {
      opts(d).storage = { images: 'gluster', volumes: 'ceph', instances: 'gluster' };
      opts(d).gluster = g ?? { serverQuorum: true, clientQuorum: true };
      for (let i = 0; i < count; i++)
        nodes(d).push(nodeInput(`gl${i}`, ['gluster'], 50 + i, ['mgmt', 'storage']));
    };
  return [
    {
      rule: 'storage.gluster-replica',
      triggers: gluster(4, { replica: 3, serverQuorum: true, clientQuorum: true }),
      passes: gluster(3),
      says: /multiple of 3/,
    },
    {
      rule: 'storage.gluster-quorum',
      triggers: gluster(3, { serverQuorum: false, clientQuorum: true }),
      passes: gluster(3),
      says: /server-side/,
    },
  ];
}

const fired = (design: Design, rule: string) => validate(design).filter((f) => f.ruleId === rule);

describe('the good design', () => {
  test('has no errors or warnings', () => {
    expect(validate(goodDesign()).filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe.each(TABLE)('$rule', ({ rule, triggers, passes, severity, says }) => {
  test(`fires on its triggering design${says ? ` (${says.source})` : ''}`, () => {
    const hits = fired(variant(triggers), rule);
    expect(hits.length).toBeGreaterThan(0);
    if (severity) expect(hits.map((h) => h.severity)).toContain(severity);
    if (says) expect(hits.map((h) => h.message).join('\n')).toMatch(says);
  });
  test('stays quiet on a design that satisfies it', () => {
    expect(fired(passes ? variant(passes) : goodDesign(), rule)).toEqual([]);
  });
});

test('every rule is covered by the table, has a why, a reference and a unique id', () => {
  const covered = new Set(TABLE.map((r) => r.rule));
  for (const rule of RULES) {
    expect(covered, rule.id).toContain(rule.id);
    expect(rule.why.length, rule.id).toBeGreaterThan(80);
    expect(rule.reference.section, rule.id).not.toBe('');
  }
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});

test('findings name the concerned nodes and come errors first', () => {
  const findings = validate(variant((d) => drop(d, 'ctl2', 'ctl3')));
  const galera = findings.find((f) => f.ruleId === 'spof.single-instance');
  expect(galera?.nodes).toEqual(['ctl1']);
  const ranks = findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
});
