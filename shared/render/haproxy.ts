/**
 * haproxy.cfg: a Galera listener with one active server and the others as `backup` (writes go to one node,
 * avoiding certification conflicts), checked through clustercheck; one TCP listener per API endpoint of
 * every service a VIP fronts.
 */
import type { DesignNode, DesignVip } from '../design/schema';
import { SECRET, ref } from '../plan/secrets';
import type { Topology } from '../topology';
import { CLUSTERCHECK_PORT } from './mariadb';

type VipService = DesignVip['services'][number];

/** API endpoints (name and port) per service behind the VIPs. */
export const API_PORTS: Record<
  Exclude<VipService, 'database' | 'messaging'>,
  { name: string; port: number }[]
> = {
  keystone: [{ name: 'keystone_public', port: 5000 }],
  glance: [{ name: 'glance_api', port: 9292 }],
  placement: [{ name: 'placement_api', port: 8778 }],
  nova: [
    { name: 'nova_compute_api', port: 8774 },
    { name: 'nova_metadata_api', port: 8775 },
    { name: 'nova_novncproxy', port: 6080 },
  ],
  neutron: [{ name: 'neutron_api', port: 9696 }],
  cinder: [{ name: 'cinder_api', port: 8776 }],
  horizon: [{ name: 'horizon', port: 80 }],
  heat: [
    { name: 'heat_api', port: 8004 },
    { name: 'heat_api_cfn', port: 8000 },
  ],
  swift: [{ name: 'swift_proxy', port: 8080 }],
  octavia: [{ name: 'octavia_api', port: 9876 }],
  gnocchi: [{ name: 'gnocchi_api', port: 8041 }],
};

/** The nodes behind a service's listener: Swift's proxies, else the controllers. */
function backendsOf(ctx: Topology, service: keyof typeof API_PORTS): DesignNode[] {
  return service === 'swift' ? ctx.swiftProxy.nodes : ctx.controllers.nodes;
}

/** Every API port the controllers serve (the services bind these to the node's own address). */
export function apiPortsOf(service: keyof typeof API_PORTS): number[] {
  return API_PORTS[service].map((p) => p.port);
}

/**
 * Health-check timers of the Galera servers. A check every second (each is one clustercheck run on the
 * node: cheap), every 250 ms once one failed, down after 2 failures of at most 500 ms each (the listener's
 * connect timeout): a dead writer is out 1–2.25 s after its death (0.9 s in the lab drill) instead of up to
 * 8 s (inter 2s, fall 2, a check's connect bounded by inter). One failure alone never moves the writer (no
 * flapping on a lost packet); a node that is down is asked every 5 s and must pass 3 checks in a row
 * before it takes writes again (slowly, over 60 s), so a node that flaps does not take writes back.
 */
export const GALERA_CHECK = 'inter 1s fastinter 250ms downinter 5s rise 3 fall 2';

function serverLine(ctx: Topology, node: DesignNode, port: number, extra: string): string {
  return `    server ${node.hostname} ${ctx.address(node)}:${port} ${extra}`.trimEnd();
}

/** The whole haproxy.cfg, identical on every load-balancer node (the stats page binds per node). */
export function renderHaproxyConfig(ctx: Topology): string {
  const out = [
    '# Written by Quorum. Same file on every load balancer; the VIP holder receives the traffic.',
    'global',
    '    log /dev/log local0',
    // The HA guide's value. HAProxy needs about 2 × maxconn open files and refuses to start when the
    // hard limit is lower (20000 gave "Cannot raise FD limit to 40044" on nodes capped at 20000).
    '    maxconn 4000',
    '    user haproxy',
    '    group haproxy',
    '    daemon',
    '',
    'defaults',
    '    log global',
    '    mode tcp',
    '    option tcplog',
    '    option dontlognull',
    '    retries 3',
    // Timeouts long enough for database and API calls that stream; short connect for quick failover.
    '    timeout connect 5s',
    '    timeout client 90m',
    '    timeout server 90m',
    '    timeout check 5s',
    '',
    'listen stats',
    '    bind 127.0.0.1:8404',
    '    mode http',
    '    stats enable',
    '    stats uri /',
    `    stats auth admin:${ref(SECRET.haproxyStats)}`,
    '',
  ];
  const dbVip = ctx.vipFor('database');
  if (dbVip && ctx.database.nodes.length > 0 && ctx.design.options.database !== 'drbd-mysql') {
    out.push(
      'listen galera',
      `    bind ${dbVip.address}:3306`,
      '    mode tcp',
      '    option tcpka',
      '    option httpchk',
      // Failover target 3 s (see GALERA_CHECK). A dead node never answers a SYN: on a LAN a connect that
      // takes over 500 ms will not succeed, and this also bounds the health check's connect (HAProxy uses
      // min(inter, timeout connect) for it). A client connection that fails is retried on another server
      // at every retry, not only the last.
      '    timeout connect 500ms',
      '    option redispatch 1',
      // One writer: the first node; the others take over only when it fails its health check.
      `    default-server port ${CLUSTERCHECK_PORT} ${GALERA_CHECK} slowstart 60s on-marked-down shutdown-sessions`,
      ...ctx.database.nodes.map((node, i) => serverLine(ctx, node, 3306, i === 0 ? 'check' : 'check backup')),
      '',
    );
  }
  // One listener per endpoint with a bind per VIP that fronts it (an internal and a public VIP on the
  // same service would otherwise declare the same proxy twice, which HAProxy refuses).
  const vipsOf = new Map<keyof typeof API_PORTS, string[]>();
  for (const vip of ctx.design.vips) {
    for (const service of vip.services) {
      if (service === 'database' || service === 'messaging') continue;
      const addresses = vipsOf.get(service) ?? [];
      if (!addresses.includes(vip.address)) addresses.push(vip.address);
      vipsOf.set(service, addresses);
    }
  }
  for (const [service, addresses] of vipsOf) {
    const backends = backendsOf(ctx, service);
    if (backends.length === 0) continue;
    for (const endpoint of API_PORTS[service]) {
      out.push(
        `listen ${endpoint.name}`,
        ...addresses.map((address) => `    bind ${address}:${endpoint.port}`),
        '    mode tcp',
        '    balance source',
        '    option tcpka',
        ...backends.map((node) => serverLine(ctx, node, endpoint.port, 'check inter 2000 rise 2 fall 5')),
        '',
      );
    }
  }
  if (ctx.vipFor('messaging')) {
    out.push(
      '# RabbitMQ is not load-balanced: every service lists all brokers in transport_url (HA guide).',
      '',
    );
  }
  return out.join('\n');
}
