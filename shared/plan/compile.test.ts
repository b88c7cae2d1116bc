import { describe, expect, it } from 'vitest';
import { parseIni } from '../render/ini';
import { compilePlan, referencedSecrets } from './compile';
import { templateDesigns } from './fixtures/designs';
import { type Action, Plan, type Step } from './types';

const designs = templateDesigns();
const plans = Object.fromEntries(Object.entries(designs).map(([name, d]) => [name, compilePlan(d)]));

function step(plan: Plan, id: string): Step {
  const found = plan.steps.find((s) => s.id === id);
  if (!found)
    throw new Error(`no step ${id} in ${plan.designName}: ${plan.steps.map((s) => s.id).join(' ')}`);
  return found;
}
function file(plan: Plan, stepId: string, path: string): string {
  const action = step(plan, stepId).actions.find(
    (a): a is Extract<Action, { kind: 'write-file' }> => a.kind === 'write-file' && a.path === path,
  );
  if (!action) throw new Error(`${stepId} writes no ${path}`);
  return action.content;
}
function commands(plan: Plan, stepId: string): string {
  return step(plan, stepId)
    .actions.map((a) => (a.kind === 'write-file' ? `write ${a.path}` : a.command))
    .join('\n');
}

describe('golden plans of the template designs', () => {
  it.each(Object.keys(plans))('%s: step ids, phases and targets', (name) => {
    const plan = plans[name]!;
    const summary = plan.steps.map(
      (s) => `${s.phase.padEnd(14)} ${s.id} → ${s.targets.nodes.join(',')} (${s.mode})`,
    );
    expect(summary).toMatchSnapshot();
  });

  it.each(Object.keys(plans))('%s: a valid plan whose DAG follows the guide order', (name) => {
    const plan = plans[name]!;
    expect(() => Plan.parse(plan)).not.toThrow();
    const seen = new Map<string, number>();
    const phases = Plan.shape.steps.element.shape.phase.options;
    plan.steps.forEach((s, i) => {
      expect(seen.has(s.id), `duplicate ${s.id}`).toBe(false);
      for (const dep of s.dependsOn)
        expect(seen.has(dep), `${s.id} depends on later/unknown ${dep}`).toBe(true);
      seen.set(s.id, i);
      if (i > 0) {
        const before = phases.indexOf(plan.steps[i - 1]!.phase);
        expect(phases.indexOf(s.phase), `${s.id} is out of phase order`).toBeGreaterThanOrEqual(before);
      }
      if (!s.rerunSafe) expect(s.guard, `${s.id} is not re-run safe and has no guard`).not.toBeNull();
      expect(s.targets.nodes.length, `${s.id} has no targets`).toBeGreaterThan(0);
    });
  });

  it.each(Object.keys(plans))('%s: secrets are referenced by name only and all declared', (name) => {
    const plan = plans[name]!;
    const declared = new Set(plan.secrets.map((s) => s.name));
    for (const used of referencedSecrets(plan.steps)) expect(declared.has(used), used).toBe(true);
    const text = JSON.stringify(plan.steps);
    expect(text).not.toMatch(/IDENTIFIED BY '(?!\{\{secret:)/);
    expect(text).not.toMatch(/password = (?!\{\{secret:)/);
  });
});

describe('concrete content', () => {
  it('HA guide reference (Debian): Galera, HAProxy with one writer, keepalived, L3 HA', () => {
    const plan = plans['ha-guide-reference']!;
    const galera = file(plan, 'galera.config:controller2', '/etc/mysql/mariadb.conf.d/60-galera.cnf');
    expect(galera).toContain('wsrep_provider = /usr/lib/galera/libgalera_smm.so');
    expect(galera).toContain('wsrep_cluster_address = "gcomm://10.0.0.11,10.0.0.12,10.0.0.13"');
    expect(galera).toContain('bind-address = 10.0.0.12');
    expect(commands(plan, 'galera.bootstrap')).toContain('galera_new_cluster');
    expect(step(plan, 'galera.join').mode).toBe('serial');
    const haproxy = file(plan, 'lb.haproxy', '/etc/haproxy/haproxy.cfg');
    expect(haproxy).toContain('bind 10.0.0.10:3306');
    expect(haproxy).toMatch(/server controller1 10\.0\.0\.11:3306 check\n/);
    expect(haproxy).toContain('server controller2 10.0.0.12:3306 check backup');
    expect(haproxy).toContain('default-server port 9200');
    expect(haproxy).toContain('listen keystone_public\n    bind 10.0.0.10:5000');
    const keepalived = file(plan, 'lb.keepalived:controller1', '/etc/keepalived/keepalived.conf');
    expect(keepalived).toContain('unicast_peer {\n        10.0.0.12\n        10.0.0.13\n    }');
    expect(keepalived).toContain('nopreempt');
    expect(keepalived).toContain('priority 150');
    expect(file(plan, 'lb.keepalived:controller3', '/etc/keepalived/keepalived.conf')).toContain(
      'priority 130',
    );
    expect(file(plan, 'os.sysctl:controller1', '/etc/sysctl.d/60-quorum.conf')).toContain(
      'net.ipv4.ip_nonlocal_bind = 1',
    );
    const neutron = parseIni(file(plan, 'neutron.server-install:controller1', '/etc/neutron/neutron.conf'));
    expect(neutron.DEFAULT).toMatchObject({
      l3_ha: 'true',
      max_l3_agents_per_router: '2',
      bind_host: '10.0.0.11',
    });
    expect(neutron.DEFAULT!.transport_url).toBe(
      'rabbit://openstack:{{secret:rabbitmq_openstack}}@10.0.0.11:5672,openstack:{{secret:rabbitmq_openstack}}@10.0.0.12:5672,openstack:{{secret:rabbitmq_openstack}}@10.0.0.13:5672/openstack',
    );
    expect(
      parseIni(file(plan, 'neutron.agents:network1', '/etc/neutron/l3_agent.ini')).DEFAULT!.agent_mode,
    ).toBe('legacy');
    expect(
      parseIni(file(plan, 'neutron.agents:network1', '/etc/neutron/plugins/ml2/openvswitch_agent.ini')).ovs!
        .local_ip,
    ).toBe('10.0.1.21');
    const ml2 = parseIni(
      file(plan, 'neutron.server-install:controller1', '/etc/neutron/plugins/ml2/ml2_conf.ini'),
    );
    expect(ml2.ml2).toMatchObject({
      tenant_network_types: 'vxlan',
      mechanism_drivers: 'openvswitch,l2population',
    });
    const glance = parseIni(file(plan, 'glance.install:controller1', '/etc/glance/glance-api.conf'));
    expect(glance.rbd!.rbd_store_pool).toBe('images');
    expect(glance.database!.connection).toBe('mysql+pymysql://glance:{{secret:db_glance}}@10.0.0.10/glance');
    const cinder = parseIni(file(plan, 'cinder.install:controller2', '/etc/cinder/cinder.conf'));
    expect(cinder.ceph).toMatchObject({
      rbd_pool: 'volumes',
      volume_driver: 'cinder.volume.drivers.rbd.RBDDriver',
    });
    expect(cinder.oslo_messaging_rabbit!.rabbit_quorum_queue).toBe('true');
    // Monitors are on Ceph's public network (the storage network), where clients reach them.
    expect(commands(plan, 'ceph.monitor:ceph2')).toContain(
      'monmaptool --create --add ceph1 10.0.2.31 --add ceph2 10.0.2.32 --add ceph3 10.0.2.33',
    );
    expect(commands(plan, 'ceph.pools')).toContain('rbd pool init vms');
    const nova = parseIni(file(plan, 'compute.install:compute1', '/etc/nova/nova.conf'));
    expect(nova.libvirt).toMatchObject({ images_type: 'rbd', images_rbd_pool: 'vms' });
    expect(nova.DEFAULT!.my_ip).toBe('10.0.0.41');
    expect(commands(plan, 'rabbitmq.users-and-policies')).toContain('"delivery-limit":50');
  });

  it('DVR (RHEL): agent_mode per node kind, rp_filter, distro paths, mirrored queues', () => {
    const plan = plans.dvr!;
    expect(file(plan, 'galera.config:controller1', '/etc/my.cnf.d/60-galera.cnf')).toContain(
      'wsrep_provider = /usr/lib64/galera/libgalera_smm.so',
    );
    expect(commands(plan, 'galera.packages')).toContain('dnf install -y mariadb-server-galera');
    expect(
      parseIni(file(plan, 'neutron.agents:network2', '/etc/neutron/l3_agent.ini')).DEFAULT!.agent_mode,
    ).toBe('dvr_snat');
    expect(
      parseIni(file(plan, 'compute.install:compute2', '/etc/neutron/l3_agent.ini')).DEFAULT!.agent_mode,
    ).toBe('dvr');
    expect(
      parseIni(file(plan, 'compute.install:compute2', '/etc/neutron/plugins/ml2/openvswitch_agent.ini'))
        .agent,
    ).toMatchObject({
      enable_distributed_routing: 'true',
    });
    expect(
      parseIni(file(plan, 'neutron.server-install:controller1', '/etc/neutron/neutron.conf')).DEFAULT!
        .router_distributed,
    ).toBe('true');
    const sysctl = file(plan, 'os.sysctl:compute1', '/etc/sysctl.d/60-quorum.conf');
    expect(sysctl).toContain('net.ipv4.conf.all.rp_filter = 0');
    expect(sysctl).toContain('net.ipv4.ip_forward = 1');
    expect(commands(plan, 'compute.install:compute1')).toContain(
      'ovs-vsctl --may-exist add-port br-provider eth3',
    );
    expect(commands(plan, 'rabbitmq.users-and-policies')).toContain('{"ha-mode":"exactly","ha-params":2');
    expect(commands(plan, 'gluster.volume-glance')).toContain(
      'gluster volume create glance replica 3 ceph1:/data/glusterfs/glance/brick',
    );
    expect(commands(plan, 'gluster.volume-glance')).toContain('cluster.quorum-type auto');
    expect(commands(plan, 'gluster.mount-glance')).toContain('backup-volfile-servers=ceph2:ceph3');
  });

  it('field report (SUSE): crm syntax, garbd on the tiebreaker, local memcached', () => {
    const plan = plans['field-report']!;
    expect(commands(plan, 'galera.packages')).toContain('zypper --non-interactive install mariadb');
    expect(commands(plan, 'galera.pacemaker-resource')).toMatch(
      /crm configure primitive galera galera params wsrep_cluster_address="gcomm:\/\/controller01,controller02"/,
    );
    expect(commands(plan, 'galera.pacemaker-resource')).toContain(
      'crm configure ms ms-galera galera meta master-max=2',
    );
    expect(commands(plan, 'lb.pacemaker-vips')).toContain(
      'crm configure primitive vip-controller IPaddr2 params ip="10.0.0.10" cidr_netmask="24"',
    );
    expect(commands(plan, 'rabbitmq.pacemaker-resource')).toContain('ocf:rabbitmq:rabbitmq-server-ha');
    const garbd = step(plan, 'galera.garbd');
    expect(garbd.targets.nodes).toEqual(['tiebreaker']);
    expect(file(plan, 'galera.garbd', '/etc/sysconfig/garb')).toContain(
      'GALERA_NODES="10.0.0.11:4567 10.0.0.12:4567"',
    );
    expect(commands(plan, 'galera.cluster-size')).toContain('wsrep_cluster_size');
    expect(JSON.stringify(step(plan, 'galera.cluster-size').actions)).toContain('"text":"3"');
    expect(file(plan, 'pacemaker.corosync', '/etc/corosync/corosync.conf')).toContain('two_node: 1');
    expect(
      parseIni(file(plan, 'nova.install:controller01', '/etc/nova/nova.conf')).keystone_authtoken!
        .memcached_servers,
    ).toBe('localhost:11211');
  });

  it('book lab (Debian, 2 controllers): mirrored queues to all, keepalived pair', () => {
    const plan = plans['book-lab']!;
    expect(commands(plan, 'rabbitmq.users-and-policies')).toContain(
      `set_policy -p openstack --apply-to queues ha-all '^(?!amq\\.).*' '{"ha-mode":"all"`,
    );
    expect(commands(plan, 'rabbitmq.join')).toContain('rabbitmqctl join_cluster rabbit@controller1');
    expect(file(plan, 'lb.keepalived:controller-2', '/etc/keepalived/keepalived.conf')).toContain(
      '192.168.1.32/24 dev eth1',
    );
    expect(file(plan, 'rabbitmq.config:controller-1', '/var/lib/rabbitmq/.erlang.cookie')).toBe(
      '{{secret:rabbitmq_erlang_cookie}}',
    );
  });

  it('legacy DRBD: DRBD resources, pcs syntax, IPMI fencing', () => {
    const plan = plans['legacy-drbd']!;
    expect(file(plan, 'drbd.mysql-resource', '/etc/drbd.d/mysql.res')).toContain('after-sb-2pri disconnect;');
    expect(commands(plan, 'drbd.mysql-pacemaker')).toContain(
      'pcs resource create drbd-mysql ocf:linbit:drbd drbd_resource="mysql"',
    );
    expect(commands(plan, 'pacemaker.properties')).toContain(
      'pcs stonith create fence-controller1 fence_ipmilan',
    );
    expect(commands(plan, 'pacemaker.properties')).toContain('pcs property set stonith-enabled=true');
    const vips = commands(plan, 'lb.pacemaker-vips');
    expect(vips).not.toContain('10.0.0.10'); // the VIP belongs to the MySQL group, created once
  });
});

describe('seed systems appear in the templates’ plans', () => {
  const ids = Object.values(plans).flatMap((p) => p.steps.map((s) => s.id));
  it.each([
    ['Galera', /^galera\./],
    ['garbd', /^galera\.garbd$/],
    ['clustercheck', /^galera\.clustercheck/],
    ['Pacemaker/Corosync', /^pacemaker\.corosync$/],
    ['HAProxy', /^lb\.haproxy$/],
    ['keepalived', /^lb\.keepalived/],
    ['RabbitMQ', /^rabbitmq\.join$/],
    ['memcached', /^memcached/],
    ['DRBD', /^drbd\./],
    ['Ceph', /^ceph\.osds$/],
    ['GlusterFS', /^gluster\.volume-/],
    ['Keystone', /^keystone\./],
    ['Glance', /^glance\./],
    ['Placement', /^placement\./],
    ['Nova', /^nova\./],
    ['Neutron agents', /^neutron\.agents/],
    ['Cinder', /^cinder\./],
    ['Horizon', /^horizon\./],
    ['compute', /^compute\./],
    ['Nagios', /^monitoring\.nagios$/],
  ])('%s', (_, pattern) => {
    expect(ids.some((id) => pattern.test(id))).toBe(true);
  });
});

describe('infrastructure scope (training labs)', () => {
  it('keeps the clusters and VIPs, drops OpenStack services and repositories', () => {
    const plan = compilePlan(designs['ha-guide-reference']!, { scope: 'infrastructure' });
    const ids = plan.steps.map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining(['galera.bootstrap', 'rabbitmq.join', 'lb.keepalived:controller1', 'ceph.osds']),
    );
    expect(
      ids.some((id) => /^(keystone|glance|nova|placement|neutron|cinder|horizon|compute)\./.test(id)),
    ).toBe(false);
    expect(ids).not.toContain('verify.cloud');
    expect(commands(plan, 'os.repositories')).not.toContain('extrepo');
    expect(() => Plan.parse(plan)).not.toThrow();
  });
});
