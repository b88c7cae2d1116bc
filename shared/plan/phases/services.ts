/** OpenStack controller services: Keystone, Glance, Horizon; the admin credentials (Placement and Nova: nova.ts). */
import type { DesignNode } from '../../design/schema';
import type { Topology } from '../../topology';
import {
  keystoneUrl,
  renderGlanceConfig,
  renderHorizonSettings,
  renderKeystoneConfig,
} from '../../render/openstack';
import { GUIDE, type PlanBuilder, check, restart, run, write } from '../builder';
import { effectsGuard, startedAfter } from '../guards';
import { blockGuard, managedBlock, replaceBlockCommand } from '../managed-block';
import type { Action } from '../types';
import { type ServiceUser, SECRET, ref } from '../secrets';

const KEYSTONE_CONF = '/etc/keystone/keystone.conf';
const GLANCE_CONF = '/etc/glance/glance-api.conf';
/** Quorum's Horizon settings, as the block that ends the distribution's local_settings. */
const HORIZON_BLOCK = '/etc/quorum/horizon-settings.py';
const HORIZON_BLOCK_NAME = 'Quorum Horizon settings';
/** First line of the settings older plans appended once (without markers). */
const HORIZON_LEGACY = '# Written by Quorum';

/** Path of the admin credentials file on controllers. */
export const ADMIN_OPENRC = '/root/admin-openrc';
/** Prefix for commands that need admin credentials. */
export const AS_ADMIN = `. ${ADMIN_OPENRC} &&`;
/** True when the admin gets a token through the VIP (Keystone is bootstrapped and serving). */
const ADMIN_TOKEN = `${AS_ADMIN} openstack token issue -f value -c id >/dev/null 2>&1`;

/** `… || …` commands that install packages unless present. */
export function installPackages(ctx: Topology, packages: readonly string[]): string {
  const list = [...new Set(packages)].join(' ');
  return `${ctx.distro.isInstalled} ${list} >/dev/null 2>&1 || ${ctx.distro.install} ${list}`;
}

/** Commands that bind an Apache-served API to the node's own address (HAProxy owns the VIP's port). */
export function apacheBind(ctx: Topology, node: DesignNode, file: string, port: number): string {
  return `[ ! -e ${file} ] || sed -i -E 's/^Listen ([0-9.]+:)?${port}$/Listen ${ctx.address(node)}:${port}/' ${file}`;
}

/**
 * Binds uWSGI-served APIs (Debian runs keystone, placement, nova-api … under uWSGI with `http-socket =
 * [::]:PORT`) to the node's own address; a no-op where the service has no uWSGI file.
 */
export function uwsgiBind(ctx: Topology, node: DesignNode, dir: string, ports: number[]): string {
  const alternatives = ports.join('|');
  return `for f in ${dir}/*uwsgi*.ini; do [ -e "$f" ] || continue; sed -i -E 's/^(http-socket|http) *= *.*:(${alternatives})$/\\1 = ${ctx.address(node)}:\\2/' "$f"; done`;
}

/** Idempotent commands that create a service user, the service and its three endpoints. */
export function registerService(
  ctx: Topology,
  user: Exclude<ServiceUser, 'keystone'>,
  type: string,
  description: string,
  url: string,
): string[] {
  const password = ref(SECRET.servicePassword(user));
  return [
    `${AS_ADMIN} { openstack user show ${user} >/dev/null 2>&1 || openstack user create --domain default --password '${password}' ${user}; }`,
    `${AS_ADMIN} openstack role add --project service --user ${user} admin`,
    `${AS_ADMIN} { openstack service show ${type} >/dev/null 2>&1 || openstack service create --name ${user} --description "${description}" ${type}; }`,
    ...['public', 'internal', 'admin'].map(
      (i) =>
        `${AS_ADMIN} { openstack endpoint list --service ${type} --interface ${i} -f value -c ID | grep -q . || openstack endpoint create --region RegionOne ${type} ${i} ${url}; }`,
    ),
  ];
}

/** True when the Apache `file` (if any) has no `Listen` for `port` but on the node's own address. */
export function apacheBoundGuard(ctx: Topology, node: DesignNode, file: string, port: number): string {
  return `{ [ ! -e ${file} ] || ! grep -E '^Listen ([0-9.]+:)?${port}$' ${file} | grep -vqx 'Listen ${ctx.address(node)}:${port}'; }`;
}

/** True when no uWSGI file in `dir` serves `ports` on another address than the node's own. */
export function uwsgiBoundGuard(ctx: Topology, node: DesignNode, dir: string, ports: number[]): string {
  return `! cat ${dir}/*uwsgi*.ini 2>/dev/null | grep -E '^(http-socket|http) *= *.*:(${ports.join('|')})$' | grep -vqE '= ${ctx.address(node).replace(/\./g, '[.]')}:'`;
}

/**
 * True when registerService's user, service and three endpoints exist. Commands of a register step
 * before the registration (database migrations) ran before it, in the same step: they are done too.
 */
export function registeredGuard(user: Exclude<ServiceUser, 'keystone'>, type: string): string {
  return [
    `${AS_ADMIN} openstack user show ${user} >/dev/null 2>&1`,
    `openstack service show ${type} >/dev/null 2>&1`,
    ...['public', 'internal', 'admin'].map(
      (i) => `openstack endpoint list --service ${type} --interface ${i} -f value -c ID | grep -q .`,
    ),
  ].join(' && ');
}

/**
 * The guard of a step that (re)starts and enables services after an earlier step wrote their
 * configuration: each unit enabled, active, and started after `files` were last written.
 */
export function startGuard(
  actions: readonly Action[],
  units: readonly string[],
  files: readonly string[],
): string {
  return effectsGuard(
    actions,
    units.map((u) => startedAfter(u, files)),
  );
}

/** `command` run as the service's system `user` (database migrations). */
export function su(user: string, command: string): string {
  return `su -s /bin/sh -c "${command}" ${user}`;
}

export function addKeystonePhase(b: PlanBuilder): void {
  const { ctx } = b;
  const c = ctx.controllers;
  if (c.nodes.length === 0) return;
  const all = b.selector('role', c.role);
  const first = b.selector('first', c.role);
  const firstNodes = c.nodes.slice(0, 1);
  const apache = ctx.distro.apache.service;
  b.enter('keystone');
  const keys = (['fernet', 'credential'] as const).flatMap((kind) =>
    ([0, 1] as const).map((i) =>
      write(`/etc/keystone/${kind}-keys/${i}`, ref(SECRET.fernet(kind, i)), '0600', 'keystone', 'keystone'),
    ),
  );
  const keystoneInstall = [
    run(installPackages(ctx, ctx.distro.openstack.keystone)),
    write(KEYSTONE_CONF, renderKeystoneConfig(ctx), '0640', 'root', 'keystone'),
    run('install -d -o keystone -g keystone -m 0700 /etc/keystone/fernet-keys /etc/keystone/credential-keys'),
    // Keys are generated per project and written to every controller: no copying between nodes.
    ...keys,
    write(
      ADMIN_OPENRC,
      [
        'export OS_USERNAME=admin',
        `export OS_PASSWORD='${ref(SECRET.keystoneAdmin)}'`,
        'export OS_PROJECT_NAME=admin',
        'export OS_USER_DOMAIN_NAME=Default',
        'export OS_PROJECT_DOMAIN_NAME=Default',
        `export OS_AUTH_URL=${keystoneUrl(ctx)}/v3`,
        'export OS_IDENTITY_API_VERSION=3',
        '',
      ].join('\n'),
      '0600',
    ),
  ];
  b.add({
    id: 'keystone.install',
    title: 'Install Keystone and write keystone.conf',
    why: 'Keystone is stateless behind the VIP: every controller serves it with the same configuration and the same Fernet keys.',
    guide: GUIDE.ha('Highly available Identity API'),
    selector: all,
    nodes: c.nodes,
    actions: keystoneInstall,
    guard: effectsGuard(keystoneInstall),
  });
  b.perNode('keystone.bind', c.nodes, (node) => ({
    title: `Apache on ${node.hostname} listens on its own address`,
    why: 'HAProxy listens on the VIP’s ports on the same node; Apache must not take the wildcard address.',
    guide: GUIDE.ha('Configure OpenStack services to use the VIP'),
    actions: [
      run(apacheBind(ctx, node, ctx.distro.apacheSites.keystone, 5000)),
      run(uwsgiBind(ctx, node, '/etc/keystone', [5000])),
      run(apacheBind(ctx, node, ctx.distro.apache.portsFile, 80)),
    ],
    guard: [
      apacheBoundGuard(ctx, node, ctx.distro.apacheSites.keystone, 5000),
      uwsgiBoundGuard(ctx, node, '/etc/keystone', [5000]),
      apacheBoundGuard(ctx, node, ctx.distro.apache.portsFile, 80),
    ].join(' && '),
  }));
  b.add({
    id: 'keystone.bootstrap',
    title: 'Keystone database and bootstrap',
    why: 'Once, on one controller: the schema, the admin user, the service project and the identity endpoints (through the VIP).',
    guide: GUIDE.install('Keystone: bootstrap the Identity service'),
    selector: first,
    nodes: firstNodes,
    mode: 'one',
    actions: [
      run(su('keystone', 'keystone-manage db_sync')),
      run(
        `keystone-manage bootstrap --bootstrap-password '${ref(SECRET.keystoneAdmin)}' --bootstrap-admin-url ${keystoneUrl(ctx)}/v3/ --bootstrap-internal-url ${keystoneUrl(ctx)}/v3/ --bootstrap-public-url ${keystoneUrl(ctx)}/v3/ --bootstrap-region-id RegionOne`,
      ),
    ],
    // The admin gets a token with the plan's password: the schema and the bootstrap are in place.
    guard: ADMIN_TOKEN,
  });
  b.add({
    id: 'keystone.start',
    title: 'Start Keystone on every controller',
    why: 'All controllers serve the same database through the VIP.',
    guide: null,
    selector: all,
    nodes: c.nodes,
    actions: [
      // Where Keystone runs under its own uWSGI unit (Debian), restart that one too.
      run(
        'if systemctl cat keystone >/dev/null 2>&1; then systemctl enable keystone && systemctl restart keystone; fi',
      ),
      ...restart([apache]),
      run(`systemctl enable ${apache}`),
    ],
    guard: effectsGuard(
      [...restart([apache]), run(`systemctl enable ${apache}`)],
      [
        startedAfter(apache, [KEYSTONE_CONF, ctx.distro.apache.portsFile]),
        `{ ! systemctl cat keystone >/dev/null 2>&1 || { systemctl is-enabled -q keystone && ${startedAfter('keystone', [KEYSTONE_CONF])}; }; }`,
      ],
    ),
  });
  b.add({
    id: 'keystone.verify',
    title: 'A token is issued through the VIP; service project exists',
    why: 'Proves HAProxy, Keystone, memcached and the database work together.',
    guide: GUIDE.install('Verify operation of the Identity service'),
    selector: first,
    nodes: firstNodes,
    mode: 'one',
    actions: [
      check(
        `${AS_ADMIN} openstack token issue -f value -c id`,
        { kind: 'stdout-matches', pattern: '^\\S{20,}$' },
        'token issued',
        {
          attempts: 30,
          intervalMs: 2000,
        },
      ),
      run(
        `${AS_ADMIN} { openstack project show service >/dev/null 2>&1 || openstack project create --domain default service; }`,
      ),
    ],
    guard: `${ADMIN_TOKEN} && openstack project show service >/dev/null 2>&1`,
  });
}

export function addGlancePhase(b: PlanBuilder): void {
  const { ctx } = b;
  const c = ctx.controllers;
  if (c.nodes.length === 0) return;
  b.enter('glance');
  b.perNode('glance.install', c.nodes, (node) => {
    const actions = [
      run(installPackages(ctx, ctx.distro.openstack.glance)),
      write(GLANCE_CONF, renderGlanceConfig(ctx, node), '0640', 'root', 'glance'),
      run(uwsgiBind(ctx, node, '/etc/glance', [9292])),
    ];
    return {
      title: `Glance on ${node.hostname}`,
      why: 'The image API is stateless; the images themselves live on shared storage (Ceph, GlusterFS or NFS).',
      guide: GUIDE.ha('Highly available Image API'),
      actions,
      guard: effectsGuard(actions, [uwsgiBoundGuard(ctx, node, '/etc/glance', [9292])]),
    };
  });
  b.add({
    id: 'glance.register',
    title: 'Glance database, user and endpoints',
    why: 'Once, on one controller.',
    guide: GUIDE.install('Glance: prerequisites'),
    selector: b.selector('first', c.role),
    nodes: c.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      run(su('glance', 'glance-manage db_sync')),
      ...registerService(
        ctx,
        'glance',
        'image',
        'OpenStack Image',
        `http://${ctx.endpointHost('glance')}:9292`,
      ).map((x) => run(x)),
    ],
    guard: registeredGuard('glance', 'image'),
  });
  const glanceStart = [
    ...restart([ctx.distro.services.glance]),
    run(`systemctl enable ${ctx.distro.services.glance}`),
  ];
  b.add({
    id: 'glance.start',
    title: 'Start Glance on every controller',
    why: 'Behind the VIP, any controller answers.',
    guide: null,
    selector: b.selector('role', c.role),
    nodes: c.nodes,
    actions: glanceStart,
    guard: startGuard(glanceStart, [ctx.distro.services.glance], [GLANCE_CONF]),
  });
}

export function addHorizonPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const c = ctx.controllers;
  if (c.nodes.length === 0) return;
  b.enter('horizon');
  const file = ctx.distro.horizonSettings;
  const horizon = [
    run(installPackages(ctx, ctx.distro.openstack.horizon)),
    run('install -d -m 0755 /etc/quorum'),
    write(HORIZON_BLOCK, managedBlock(HORIZON_BLOCK_NAME, renderHorizonSettings(ctx)), '0640'),
    // Replaced on every apply (a changed design reaches Horizon); drops the unmarked append of older plans.
    run(replaceBlockCommand(HORIZON_BLOCK_NAME, file, HORIZON_BLOCK, HORIZON_LEGACY)),
    ...restart([ctx.distro.apache.service]),
  ];
  b.add({
    id: 'horizon.install',
    title: 'Horizon dashboard on every controller',
    why: 'Sessions live in memcached so a user keeps the session whichever controller answers.',
    guide: GUIDE.book('High availability dashboard services'),
    selector: b.selector('role', c.role),
    nodes: c.nodes,
    actions: horizon,
    guard: effectsGuard(horizon, [
      blockGuard(HORIZON_BLOCK_NAME, file, HORIZON_BLOCK, HORIZON_LEGACY),
      startedAfter(ctx.distro.apache.service, [file]),
    ]),
  });
}
