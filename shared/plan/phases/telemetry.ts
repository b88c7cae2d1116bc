/**
 * Telemetry and monitoring (book ch. 10): Gnocchi and the Ceilometer agents, Graphite/Carbon on the
 * monitoring nodes with collectd on every node, and central logs through rsyslog. Nagios stays in the
 * verification phase (compute.ts).
 */
import { optionalProfile } from '../../render/distro-optional';
import {
  GNOCCHI_PORT,
  renderCeilometerConfig,
  renderCeilometerPipeline,
  renderCollectdConfig,
  renderGnocchiConfig,
  renderRsyslogForward,
  renderRsyslogServer,
} from '../../render/telemetry';
import { GUIDE, type PlanBuilder, check, restart, run, write } from '../builder';
import { SECRET, ref } from '../secrets';
import { effectsGuard } from '../guards';
import { createDatabase, databaseCreatedGuard } from './octavia';
import {
  AS_ADMIN,
  installPackages,
  registerService,
  registeredGuard,
  startGuard,
  uwsgiBind,
  uwsgiBoundGuard,
} from './services';

const GNOCCHI_CONF = '/etc/gnocchi/gnocchi.conf';
const CEILOMETER_CONF = '/etc/ceilometer/ceilometer.conf';
const PIPELINE = '/etc/ceilometer/pipeline.yaml';

export function addTelemetryPhase(b: PlanBuilder): void {
  b.enter('telemetry');
  addCeilometer(b);
  addGraphite(b);
  addLogging(b);
}

function addCeilometer(b: PlanBuilder): void {
  const { ctx } = b;
  const c = ctx.controllers;
  if (!b.openstack || ctx.design.options.telemetry !== 'gnocchi' || c.nodes.length === 0) return;
  const t = optionalProfile(ctx.distro.family).telemetry;
  const first = c.nodes.slice(0, 1);
  b.add({
    id: 'telemetry.database',
    title: 'Gnocchi database and user',
    why: 'Gnocchi keeps its index (resources, metrics) in Galera; the measures go to Swift when there is Swift.',
    guide: GUIDE.install('Telemetry: Gnocchi prerequisites'),
    selector: b.selector('first', ctx.database.role),
    nodes: ctx.database.nodes.slice(0, 1),
    mode: 'one',
    actions: [createDatabase('gnocchi')],
    guard: databaseCreatedGuard('gnocchi'),
  });
  b.add({
    id: 'telemetry.register',
    title: 'Gnocchi and Ceilometer users; the metric endpoints',
    why: 'Once, on one controller.',
    guide: GUIDE.install('Telemetry: prerequisites'),
    selector: b.selector('first', c.role),
    nodes: first,
    mode: 'one',
    actions: [
      ...registerService(
        ctx,
        'gnocchi',
        'metric',
        'Metric Service',
        `http://${ctx.endpointHost('gnocchi')}:${GNOCCHI_PORT}`,
      ).map((x) => run(x)),
      run(
        `${AS_ADMIN} { openstack user show ceilometer >/dev/null 2>&1 || openstack user create --domain default --password '${ref(SECRET.servicePassword('ceilometer'))}' ceilometer; }`,
      ),
      run(`${AS_ADMIN} openstack role add --project service --user ceilometer admin`),
    ],
    guard: `${registeredGuard('gnocchi', 'metric')} && openstack user show ceilometer >/dev/null 2>&1`,
  });
  b.perNode('telemetry.controller', c.nodes, (node) => {
    const actions = [
      run(installPackages(ctx, [...t.gnocchiPackages, ...t.controllerPackages])),
      write(GNOCCHI_CONF, renderGnocchiConfig(ctx), '0640', 'root', 'gnocchi'),
      run(uwsgiBind(ctx, node, '/etc/gnocchi', [GNOCCHI_PORT])),
      write(CEILOMETER_CONF, renderCeilometerConfig(ctx), '0640', 'root', 'ceilometer'),
      write(PIPELINE, renderCeilometerPipeline(), '0640', 'root', 'ceilometer'),
    ];
    return {
      title: `Gnocchi and the Ceilometer central/notification agents on ${node.hostname}`,
      why: 'Every controller runs them: the central agents split the pollsters through the coordination backend, the notification agents share the notification queues, and Gnocchi’s API is stateless behind the VIP.',
      guide: GUIDE.book('Ceilometer configuration'),
      actions,
      guard: effectsGuard(actions, [uwsgiBoundGuard(ctx, node, '/etc/gnocchi', [GNOCCHI_PORT])]),
    };
  });
  b.add({
    id: 'telemetry.upgrade',
    title: 'Gnocchi storage and index; Ceilometer resource types',
    why: 'gnocchi-upgrade creates the schema and the storage layout; ceilometer-upgrade creates the resource types in Gnocchi. Both once.',
    guide: GUIDE.install('Telemetry: finalize the installation'),
    selector: b.selector('first', c.role),
    nodes: first,
    mode: 'one',
    actions: [
      run('su -s /bin/sh -c "gnocchi-upgrade" gnocchi'),
      ...restart(t.gnocchiServices),
      run('su -s /bin/sh -c "ceilometer-upgrade" ceilometer'),
    ],
    // ceilometer-upgrade's resource types are in Gnocchi: it ran, after gnocchi-upgrade.
    guard: `${AS_ADMIN} openstack metric resource-type show instance >/dev/null 2>&1`,
  });
  const start = [
    ...restart([...t.gnocchiServices, ...t.controllerServices]),
    run(`systemctl enable ${[...t.gnocchiServices, ...t.controllerServices].join(' ')}`),
  ];
  b.add({
    id: 'telemetry.start',
    title: 'Start Gnocchi and the Ceilometer agents on every controller',
    why: 'Active/active; a lost controller only costs its share of the polling until the others take it over.',
    guide: GUIDE.book('Adding publisher'),
    selector: b.selector('role', c.role),
    nodes: c.nodes,
    actions: start,
    guard: startGuard(
      start,
      [...t.gnocchiServices, ...t.controllerServices],
      [GNOCCHI_CONF, CEILOMETER_CONF, PIPELINE],
    ),
  });
  const computeAgent = [
    run(installPackages(ctx, t.computePackages)),
    write(CEILOMETER_CONF, renderCeilometerConfig(ctx), '0640', 'root', 'ceilometer'),
    write(PIPELINE, renderCeilometerPipeline(), '0640', 'root', 'ceilometer'),
    ...restart([t.computeService]),
    run(`systemctl enable ${t.computeService}`),
  ];
  b.add({
    id: 'telemetry.compute',
    title: 'Ceilometer compute agent on every compute node',
    why: 'Polls libvirt for the instances’ CPU, disk and network use.',
    guide: GUIDE.book('Ceilometer configuration'),
    selector: b.selector('role', ctx.compute.role),
    nodes: ctx.compute.nodes,
    actions: computeAgent,
    guard: effectsGuard(computeAgent),
  });
}

function addGraphite(b: PlanBuilder): void {
  const { ctx } = b;
  const monitors = ctx.monitoring.nodes;
  if (ctx.design.options.metrics !== 'graphite' || monitors.length === 0) return;
  const p = optionalProfile(ctx.distro.family);
  const debian = ctx.distro.family === 'debian';
  const graphite = [
    run(
      installPackages(ctx, [
        ...p.graphite.packages,
        ...(debian ? ['apache2', 'libapache2-mod-wsgi-py3'] : []),
      ]),
    ),
    // The book's echo set CARBON_CACHE_ENABLE; the variable the init script reads is CARBON_CACHE_ENABLED.
    ...(debian ? [write('/etc/default/graphite-carbon', 'CARBON_CACHE_ENABLED=true\n')] : []),
    ...restart([p.graphite.carbonService]),
    run(`systemctl enable ${p.graphite.carbonService}`),
    ...(debian
      ? [
          run('su -s /bin/sh -c "graphite-manage migrate --run-syncdb --noinput" _graphite'),
          // graphite-web on its own port, so the default site (Nagios under /nagios4) stays.
          run(
            "sed -E 's/<VirtualHost \\*:80>/<VirtualHost *:8081>/' /usr/share/graphite-web/apache2-graphite.conf > /etc/apache2/sites-available/graphite-web.conf",
          ),
          run(
            "grep -qx 'Listen 8081' /etc/apache2/ports.conf || echo 'Listen 8081' >> /etc/apache2/ports.conf",
          ),
          run('a2enmod wsgi && a2ensite graphite-web'),
          ...restart(['apache2']),
        ]
      : []),
    check(
      "ss -ltnH 'sport = :2003' | wc -l",
      { kind: 'stdout-matches', pattern: '^[1-9]' },
      'carbon listens on 2003',
      { attempts: 15, intervalMs: 2000 },
    ),
  ];
  b.add({
    id: 'metrics.graphite',
    title: 'Graphite: carbon-cache and graphite-web on the monitoring nodes',
    why: 'Carbon stores every node’s metrics as Whisper time series; graphite-web draws them (the book’s Graphite, from distribution packages).',
    guide: GUIDE.book('Graphite monitoring tool'),
    selector: b.selector('role', 'monitoring'),
    nodes: monitors,
    actions: graphite,
    // graphite-web's site enabled on its port (its database migrated before, in the same step).
    guard: effectsGuard(
      graphite,
      debian
        ? [
            "grep -qx 'Listen 8081' /etc/apache2/ports.conf",
            'test -e /etc/apache2/sites-enabled/graphite-web.conf',
            'test -e /etc/apache2/mods-enabled/wsgi.load',
          ]
        : [],
    ),
  });
  b.perNode('metrics.collectd', ctx.design.nodes, (node) => {
    const actions = [
      run(installPackages(ctx, p.collectd.packages)),
      run(`install -d -m 0755 ${p.collectd.configPath.replace(/\/[^/]+$/, '')}`),
      write(p.collectd.configPath, renderCollectdConfig(ctx, node)),
      ...restart(['collectd']),
      run('systemctl enable collectd'),
    ];
    return {
      title: `collectd on ${node.hostname} → Graphite`,
      why: 'Load, memory, disks and interfaces of every node, every 10 s: trends show a failing node before it fails.',
      guide: GUIDE.book('Carbon installation'),
      actions,
      guard: effectsGuard(actions),
    };
  });
}

function addLogging(b: PlanBuilder): void {
  const { ctx } = b;
  const monitors = ctx.monitoring.nodes;
  if (ctx.design.options.logging !== 'rsyslog' || monitors.length === 0) return;
  const r = optionalProfile(ctx.distro.family).rsyslog;
  b.perNode('logging.server', monitors, (node) => {
    const actions = [
      run(installPackages(ctx, r.packages)),
      write('/etc/rsyslog.d/60-quorum-server.conf', renderRsyslogServer(ctx, node)),
      run('rsyslogd -N1'),
      ...restart([r.service]),
      run(`systemctl enable ${r.service}`),
    ];
    return {
      title: `Central log host on ${node.hostname}`,
      why: 'After a failover the story is spread over several nodes; here every node’s logs land side by side, one folder per host.',
      guide: GUIDE.book('Logstash, Elasticsearch and Kibana'),
      actions,
      guard: effectsGuard(actions),
    };
  });
  const senders = ctx.design.nodes.filter((n) => !monitors.some((m) => m.id === n.id));
  const forward = [
    run(installPackages(ctx, r.packages)),
    write('/etc/rsyslog.d/60-quorum-forward.conf', renderRsyslogForward(ctx)),
    run('rsyslogd -N1'),
    ...restart([r.service]),
    run(`systemctl enable ${r.service}`),
  ];
  b.add({
    id: 'logging.forward',
    title: 'Every node forwards syslog and the OpenStack logs',
    why: 'TCP with a disk-assisted queue: while the log host is down the lines wait on disk and are sent when it returns.',
    guide: GUIDE.book('Logstash, Elasticsearch and Kibana'),
    selector: { kind: 'all' },
    nodes: senders,
    actions: forward,
    guard: effectsGuard(forward),
  });
}
