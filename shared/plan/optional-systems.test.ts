import { describe, expect, it } from 'vitest';
import type { Design } from '../design/schema';
import { parseIni } from '../render/ini';
import { resolveTopology } from '../topology';
import { renderHaproxyConfig } from '../render/haproxy';
import { recoveryProcedures } from '../runbook/recovery';
import { compilePlan } from './compile';
import { templateDesigns } from './fixtures/designs';
import type { Action, Plan, Step } from './types';

const book = templateDesigns()['book-complete']!;
const reference = templateDesigns()['ha-guide-reference']!;

function step(plan: Plan, id: string): Step {
  const found = plan.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}: ${plan.steps.map((s) => s.id).join(' ')}`);
  return found;
}
function file(plan: Plan, id: string, path: string): string {
  const a = step(plan, id).actions.find(
    (x): x is Extract<Action, { kind: 'write-file' }> => x.kind === 'write-file' && x.path === path,
  );
  if (!a) throw new Error(`${id} writes no ${path}`);
  return a.content;
}
function commands(plan: Plan, id: string): string[] {
  return step(plan, id).actions.flatMap((a) => (a.kind === 'write-file' ? [] : [a.command]));
}
function withOptions(design: Design, options: Partial<Design['options']>, distro = design.distro): Design {
  return { ...design, distro, options: { ...design.options, ...options } };
}

describe('Swift', () => {
  const plan = compilePlan(book);
  it('rings: created once, every disk of every storage node added once, rebalanced, published', () => {
    const ring = commands(plan, 'swift.rings');
    expect(ring.filter((c) => c.includes(' create 10 3 1'))).toHaveLength(3);
    expect(
      ring.filter((c) => / add --region 1 --zone \d --ip 10\.0\.0\.4\d --port 620\d --device sdb/.test(c)),
    ).toHaveLength(9);
    expect(ring.filter((c) => c.endsWith('rebalance'))).toHaveLength(3);
    const rebalance = step(plan, 'swift.rings').actions.find(
      (a) => a.kind === 'run' && a.command.endsWith('rebalance'),
    );
    expect(rebalance?.kind === 'run' && rebalance.okExitCodes).toEqual([0, 1]);
    expect(commands(plan, 'swift.distribute-rings')[0]).toBe(
      "rsync -a --include='*.ring.gz' --exclude='*' rsync://10.0.0.41/swift_rings/ /etc/swift/",
    );
    expect(step(plan, 'swift.distribute-rings').targets.nodes).toEqual(['storage2', 'storage3']);
  });
  it('disks: never formats a disk that has a filesystem or partition table', () => {
    const storage = commands(plan, 'swift.storage:storage1');
    expect(storage).toContain('blkid /dev/sdb >/dev/null 2>&1 || mkfs.xfs -L swift-sdb /dev/sdb');
    expect(storage.some((c) => c.includes('/srv/node/sdb xfs noatime 0 2'))).toBe(true);
  });
  it('proxy-server.conf: Keystone auth and memcache on the Swift nodes; HAProxy in front of the proxies', () => {
    const proxy = parseIni(file(plan, 'swift.proxy:storage2', '/etc/swift/proxy-server.conf'));
    expect(proxy.DEFAULT).toMatchObject({ bind_ip: '10.0.0.42', bind_port: '8080' });
    expect(proxy['pipeline:main']!.pipeline).toMatch(/cache .*authtoken keystoneauth .*proxy-server$/);
    expect(proxy['filter:cache']!.memcache_servers).toBe('10.0.0.41:11211,10.0.0.42:11211,10.0.0.43:11211');
    expect(proxy['filter:authtoken']).toMatchObject({
      username: 'swift',
      password: '{{secret:service_swift}}',
      www_authenticate_uri: 'http://10.0.0.10:5000',
    });
    const haproxy = renderHaproxyConfig(resolveTopology(book));
    expect(haproxy).toContain(
      'listen swift_proxy\n    bind 10.0.0.10:8080\n    bind 192.168.100.10:8080\n    mode tcp\n    balance source\n    option tcpka\n    server storage1 10.0.0.41:8080',
    );
    expect(commands(plan, 'swift.register').join('\n')).toContain(
      'object-store public http://10.0.0.10:8080/v1/AUTH_%\\(project_id\\)s',
    );
  });
  it('RHEL: openstack-swift units and rsyncd', () => {
    const rhel = compilePlan(withOptions(book, {}, 'rhel'));
    expect(commands(rhel, 'swift.start-storage')[0]).toMatch(/^systemctl restart openstack-swift-account /);
    expect(commands(rhel, 'swift.storage:storage1').join('\n')).toContain('systemctl restart rsyncd');
  });
  it('no Swift without swift-storage nodes', () => {
    expect(compilePlan(reference).steps.some((s) => s.phase === 'swift')).toBe(false);
  });
});

describe('GlusterFS quorum and geo-replication', () => {
  it('quorum options follow the design; the ratio too', () => {
    const plan = compilePlan(
      withOptions(book, { gluster: { serverQuorum: true, clientQuorum: true, serverQuorumRatio: 67 } }),
    );
    const volume = commands(plan, 'gluster.volume-glance');
    expect(volume).toContain('gluster volume set glance cluster.server-quorum-type server');
    expect(volume).toContain('gluster volume set all cluster.server-quorum-ratio 67%');
    expect(volume).toContain('gluster volume set glance cluster.quorum-type auto');
    const none = compilePlan(withOptions(book, { gluster: { serverQuorum: false, clientQuorum: false } }));
    expect(commands(none, 'gluster.volume-glance').join('\n')).not.toMatch(/quorum/);
    expect(step(none, 'gluster.volume-glance').title).toContain('no quorum');
  });
  it('geo-replication: gsec_create, create push-pem, meta volume, start, status per brick', () => {
    const plan = compilePlan(book);
    const session = commands(plan, 'gluster.georep-glance');
    const p = 'gluster volume geo-replication glance dr-gluster1.example.net::glance';
    expect(session[0]).toBe('gluster system:: execute gsec_create');
    expect(session[1]).toMatch(new RegExp(`\\|\\| ${p} create push-pem$`));
    expect(session[2]).toBe(`${p} config use_meta_volume true`);
    expect(session[3]).toMatch(new RegExp(`\\|\\| ${p} start$`));
    const status = step(plan, 'gluster.georep-glance').actions.at(-1)!;
    expect(status).toMatchObject({ kind: 'check', expect: { kind: 'stdout-equals', text: '3' } });
    expect(commands(plan, 'gluster.georep-secondary')[0]).toContain('cluster.enable-shared-storage enable');
    const ids = recoveryProcedures(resolveTopology(book)).map((r) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining(['gluster-georep-faulty-glance', 'gluster-georep-failover-glance']),
    );
  });
});

describe('Octavia', () => {
  const plan = compilePlan(book);
  it('octavia.conf per controller: own API address, every health manager, ACTIVE_STANDBY', () => {
    const conf = parseIni(file(plan, 'octavia.install:controller2', '/etc/octavia/octavia.conf'));
    expect(conf.api_settings).toEqual({ bind_host: '10.0.0.22', bind_port: '9876' });
    expect(conf.health_manager).toMatchObject({
      bind_ip: '172.16.0.3',
      controller_ip_port_list: '172.16.0.2:5555, 172.16.0.3:5555, 172.16.0.4:5555',
    });
    expect(conf.controller_worker!.loadbalancer_topology).toBe('ACTIVE_STANDBY');
    expect(conf.database!.connection).toBe('mysql+pymysql://octavia:{{secret:db_octavia}}@10.0.0.10/octavia');
    expect(renderHaproxyConfig(resolveTopology(book))).toContain(
      'listen octavia_api\n    bind 10.0.0.10:9876',
    );
  });
  it('database, endpoints and the services in order', () => {
    expect(commands(plan, 'octavia.database')[0]).toContain(
      "CREATE USER IF NOT EXISTS 'octavia'@'%' IDENTIFIED BY '{{secret:db_octavia}}'",
    );
    const ids = plan.steps.filter((s) => s.phase === 'octavia').map((s) => s.id.split(':')[0]);
    expect([...new Set(ids)]).toEqual([
      'octavia.database',
      'octavia.register',
      'octavia.install',
      'octavia.db-sync',
      'octavia.start',
      'octavia.verify',
    ]);
    expect(commands(plan, 'octavia.start')[0]).toBe(
      'systemctl restart octavia-api octavia-health-manager octavia-housekeeping octavia-worker',
    );
  });
  it('left out without compute nodes or when not chosen', () => {
    expect(compilePlan(reference).steps.some((s) => s.phase === 'octavia')).toBe(false);
  });
});

describe('Telemetry and monitoring', () => {
  it('Gnocchi keeps measures in Swift when there is Swift, else in files', () => {
    const withSwift = parseIni(
      file(compilePlan(book), 'telemetry.controller:controller1', '/etc/gnocchi/gnocchi.conf'),
    );
    expect(withSwift.storage).toMatchObject({ driver: 'swift', swift_user: 'gnocchi' });
    const noSwift = withOptions(reference, { telemetry: 'gnocchi' });
    const files = parseIni(
      file(compilePlan(noSwift), 'telemetry.controller:controller1', '/etc/gnocchi/gnocchi.conf'),
    );
    expect(files.storage).toMatchObject({ driver: 'file' });
  });
  it('Graphite and the log host on the monitoring node; every other node forwards', () => {
    const plan = compilePlan(book);
    expect(step(plan, 'metrics.graphite').targets.nodes).toEqual(['monitor1']);
    expect(file(plan, 'metrics.collectd:compute1', '/etc/collectd/collectd.conf')).toContain(
      'Host "10.0.0.50"',
    );
    expect(step(plan, 'logging.forward').targets.nodes).not.toContain('monitor1');
    expect(file(plan, 'logging.forward', '/etc/rsyslog.d/60-quorum-forward.conf')).toContain(
      'target="10.0.0.50"',
    );
  });
});
