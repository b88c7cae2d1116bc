/**
 * Telemetry and monitoring (book ch. 10) with current packages: Ceilometer agents publishing to Gnocchi,
 * Graphite/Carbon on the monitoring nodes fed by collectd's write_graphite, and central logs through
 * rsyslog (syslog plus the OpenStack log files) with a disk-assisted forwarding queue.
 */
import type { DesignNode } from '../design/schema';
import type { Topology } from '../topology';
import { renderIni } from './ini';
import { osloMessagingRabbit, transportUrl } from '../services/rabbitmq/render';
import { authSection, databaseUrl, keystoneUrl } from './openstack';
import { usesSwift } from './swift';

/** Gnocchi's API port (behind the VIP as `gnocchi`). */
export const GNOCCHI_PORT = 8041;
/** Carbon's plaintext receiver and the central log port. */
export const CARBON_PORT = 2003;
export const SYSLOG_PORT = 514;

/** The tooz coordination URL shared by Ceilometer's central agents and Gnocchi's metricd. */
export function coordinationUrl(ctx: Topology): string {
  const first = ctx.controllers.nodes[0];
  return `memcached://${first ? ctx.address(first) : 'localhost'}:11211`;
}

/** /etc/ceilometer/ceilometer.conf (controllers and computes alike). */
export function renderCeilometerConfig(ctx: Topology): string {
  const auth = authSection(ctx, 'ceilometer', false);
  return renderIni({
    DEFAULT: { transport_url: transportUrl(ctx) },
    service_credentials: { ...auth, interface: 'internalURL' },
    // Central agents split the pollsters between them through the coordination backend.
    coordination: { backend_url: coordinationUrl(ctx) },
    oslo_messaging_rabbit: osloMessagingRabbit(ctx),
  });
}

/** /etc/ceilometer/pipeline.yaml: every meter to Gnocchi. */
export function renderCeilometerPipeline(): string {
  return [
    '# Written by Quorum.',
    '---',
    'sources:',
    '    - name: meter_source',
    '      meters:',
    '          - "*"',
    '      sinks:',
    '          - meter_sink',
    'sinks:',
    '    - name: meter_sink',
    '      publishers:',
    '          - gnocchi://?filter_project=service&archive_policy=low',
    '',
  ].join('\n');
}

/** /etc/gnocchi/gnocchi.conf: the index in Galera, the measures in Swift when there is Swift. */
export function renderGnocchiConfig(ctx: Topology): string {
  const swift = usesSwift(ctx);
  const auth = authSection(ctx, 'gnocchi');
  return renderIni({
    api: { auth_mode: 'keystone' },
    keystone_authtoken: auth,
    indexer: { url: databaseUrl(ctx, 'gnocchi') },
    storage: swift
      ? {
          driver: 'swift',
          swift_auth_version: '3',
          swift_authurl: `${keystoneUrl(ctx)}/v3`,
          swift_user: 'gnocchi',
          swift_key: auth.password!,
          swift_project_name: 'service',
          swift_user_domain_name: 'Default',
          swift_project_domain_name: 'Default',
        }
      : // Without Swift every controller keeps its own files: metricd works, but the data is not shared.
        { driver: 'file', file_basepath: '/var/lib/gnocchi' },
    DEFAULT: { coordination_url: coordinationUrl(ctx) },
  });
}

/** The monitoring nodes (Graphite, the log host), by address. */
function monitorAddresses(ctx: Topology): string[] {
  return ctx.monitoring.nodes.map((n) => ctx.address(n));
}

/** /etc/collectd/collectd.conf: host metrics to every Graphite node. */
export function renderCollectdConfig(ctx: Topology, node: DesignNode): string {
  const out = [
    '# Written by Quorum: host metrics to Graphite.',
    `Hostname "${node.hostname}"`,
    'FQDNLookup false',
    'Interval 10',
    ...['syslog', 'cpu', 'load', 'memory', 'df', 'disk', 'interface', 'processes', 'write_graphite'].map(
      (p) => `LoadPlugin ${p}`,
    ),
    '<Plugin df>',
    '  FSType "tmpfs"',
    '  FSType "devtmpfs"',
    '  FSType "overlay"',
    '  IgnoreSelected true',
    '</Plugin>',
    '<Plugin write_graphite>',
  ];
  ctx.monitoring.nodes.forEach((m) => {
    out.push(
      `  <Node "${m.hostname}">`,
      `    Host "${ctx.address(m)}"`,
      `    Port "${CARBON_PORT}"`,
      '    Protocol "tcp"',
      '    Prefix "openstack."',
      '    StoreRates true',
      '    AlwaysAppendDS false',
      '  </Node>',
    );
  });
  out.push('</Plugin>', '');
  return out.join('\n');
}

/** OpenStack log folders forwarded from every node (imfile; missing folders are ignored by rsyslog). */
const LOG_DIRS = [
  'keystone',
  'glance',
  'nova',
  'neutron',
  'cinder',
  'swift',
  'octavia',
  'ceilometer',
  'gnocchi',
  'mysql',
  'rabbitmq',
  'haproxy',
];

/** /etc/rsyslog.d/60-quorum-forward.conf on every node but the log hosts. */
export function renderRsyslogForward(ctx: Topology): string {
  const out = [
    '# Written by Quorum: syslog and OpenStack logs to the monitoring nodes.',
    'module(load="imfile")',
    ...LOG_DIRS.map((dir) => `input(type="imfile" File="/var/log/${dir}/*.log" Tag="${dir}:")`),
  ];
  for (const [i, address] of monitorAddresses(ctx).entries()) {
    out.push(
      // A disk-assisted queue: nothing is lost while the log host is down; retried for ever.
      `*.* action(type="omfwd" target="${address}" port="${SYSLOG_PORT}" protocol="tcp" queue.type="LinkedList" queue.filename="quorum_fwd_${i}" queue.maxDiskSpace="1g" queue.saveOnShutdown="on" action.resumeRetryCount="-1")`,
    );
  }
  out.push('');
  return out.join('\n');
}

/** /etc/rsyslog.d/60-quorum-server.conf on a log host: TCP input, one folder per sending host. */
export function renderRsyslogServer(ctx: Topology, node: DesignNode): string {
  return [
    '# Written by Quorum: central log host.',
    'module(load="imtcp")',
    `input(type="imtcp" port="${SYSLOG_PORT}" address="${ctx.address(node)}" ruleset="quorum_remote")`,
    'template(name="QuorumPerHost" type="string" string="/var/log/remote/%HOSTNAME%/%PROGRAMNAME%.log")',
    'ruleset(name="quorum_remote") {',
    '    action(type="omfile" dynaFile="QuorumPerHost" dirCreateMode="0750" fileCreateMode="0640")',
    '}',
    '',
  ].join('\n');
}
