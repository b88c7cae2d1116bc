/** RabbitMQ, memcached, and the VIPs with their load balancing (keepalived + HAProxy, or Pacemaker). */
import { API_PORTS, renderHaproxyConfig } from '../../render/haproxy';
import {
  HAPROXY_CHECK_PATH,
  renderHaproxyCheckScript,
  renderKeepalivedConfig,
} from '../../render/keepalived';
import {
  RABBIT_USER,
  RABBIT_VHOST,
  rabbitmqPolicyCommands,
  renderMemcachedConfig,
  renderRabbitmqConfig,
  renderRabbitmqEnv,
} from '../../render/messaging';
import { renderDrbdResource } from '../../render/storage';
import { GUIDE, type PlanBuilder, check, enableNow, restart, run, write } from '../builder';
import { effectsGuard } from '../guards';
import { SECRET, ref } from '../secrets';
import { pacemakerConfiguredGuard, pacemakerSubset } from './cluster';

function install(b: PlanBuilder, packages: readonly string[]): ReturnType<typeof run> {
  const d = b.ctx.distro;
  return run(`${d.isInstalled} ${packages.join(' ')} >/dev/null 2>&1 || ${d.install} ${packages.join(' ')}`);
}

export function addMessagingPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const mq = ctx.messaging;
  if (mq.nodes.length === 0) return;
  const mode = ctx.design.options.messaging.mode;
  const d = ctx.distro;
  const firstNode = mq.nodes[0]!;
  b.enter('messaging');
  b.add({
    id: 'rabbitmq.packages',
    title: 'Install RabbitMQ',
    why: 'Every OpenStack service talks through the message bus; it must survive the loss of a broker.',
    guide: GUIDE.ha('Messaging service: Install RabbitMQ'),
    selector: b.selector('role', mq.role),
    nodes: mq.nodes,
    actions: [install(b, d.rabbitmq.packages)],
    guard: `${d.isInstalled} ${d.rabbitmq.packages.join(' ')} >/dev/null 2>&1`,
  });
  b.perNode('rabbitmq.config', mq.nodes, (node) => {
    const actions = [
      write('/etc/rabbitmq/rabbitmq.conf', renderRabbitmqConfig(ctx, node), '0644'),
      write('/etc/rabbitmq/rabbitmq-env.conf', renderRabbitmqEnv(node), '0644'),
      write('/var/lib/rabbitmq/.erlang.cookie', ref(SECRET.erlangCookie), '0400', 'rabbitmq', 'rabbitmq'),
    ];
    return {
      title: `RabbitMQ configuration and Erlang cookie on ${node.hostname}`,
      why: 'Brokers only cluster when they share the Erlang cookie; the cookie is in place before the first start.',
      guide: GUIDE.book('Constructing a RabbitMQ broker'),
      actions,
      guard: effectsGuard(actions),
    };
  });
  const count = `rabbitmqctl cluster_status --formatter json | python3 -c "import json,sys; print(len(json.load(sys.stdin)['running_nodes']))"`;
  if (mode === 'pacemaker' || mode === 'drbd') {
    const rabbitResource = (id: string) => id === 'rabbitmq' || id.endsWith('-rabbitmq');
    if (mode === 'drbd') {
      b.add({
        id: 'drbd.rabbitmq-resource',
        title: 'DRBD resource for RabbitMQ (legacy active/passive)',
        why: 'Deprecated by the HA guide: a mirrored cluster is preferred. Kept for existing clouds.',
        guide: GUIDE.book('Configuring DRDB'),
        selector: b.selector('role', ctx.messaging.role),
        nodes: ctx.messaging.nodes,
        actions: [
          install(b, ['drbd-utils', 'xfsprogs']),
          run(`systemctl disable --now ${d.rabbitmq.service} || true`),
          write('/etc/drbd.d/rabbitmq.res', renderDrbdResource(ctx, 'rabbitmq', 1)),
          run('drbdadm create-md --force rabbitmq && drbdadm up rabbitmq'),
        ],
        guard: 'drbdadm cstate rabbitmq >/dev/null 2>&1',
        rerunSafe: false,
      });
    } else {
      b.add({
        id: 'rabbitmq.disable-service',
        title: 'Hand RabbitMQ to Pacemaker',
        why: 'The rabbitmq-server-ha agent starts, clusters and promotes the brokers itself.',
        guide: GUIDE.field('The pacemaker resource is also defined as a multi-state resource'),
        selector: b.selector('role', mq.role),
        nodes: mq.nodes,
        actions: [run(`systemctl disable --now ${d.rabbitmq.service} || true`)],
        // Pacemaker's agent runs the broker, so whether it is active says nothing; only the unit's state.
        guard: `! systemctl is-enabled -q ${d.rabbitmq.service}`,
      });
    }
    b.add({
      id: 'rabbitmq.pacemaker-resource',
      title: 'RabbitMQ as a Pacemaker resource',
      why: 'Pacemaker keeps exactly one master (the Mnesia keeper) and restarts the others around it.',
      guide: GUIDE.field('RabbitMQ Pacemaker resource'),
      selector: b.selector('first', ctx.pacemaker.role),
      nodes: ctx.pacemaker.nodes.slice(0, 1),
      mode: 'one',
      actions: pacemakerSubset(b, rabbitResource, false).map((c) => run(c)),
      guard: pacemakerConfiguredGuard(b, rabbitResource, false),
    });
  } else {
    b.add({
      id: 'rabbitmq.start',
      title: 'Start RabbitMQ on every broker',
      why: 'Started with the cookie and configuration already in place (LAB-NOTES: 18–26 s).',
      guide: GUIDE.ha('Messaging service: Configure RabbitMQ'),
      selector: b.selector('role', mq.role),
      nodes: mq.nodes,
      actions: [
        ...enableNow([d.rabbitmq.service]),
        check('rabbitmq-diagnostics -q check_running', { kind: 'exit-zero' }, 'broker running'),
      ],
      guard: effectsGuard(enableNow([d.rabbitmq.service])),
    });
    if (mq.nodes.length > 1) {
      b.add({
        id: 'rabbitmq.join',
        title: `Join the other brokers to rabbit@${firstNode.hostname}`,
        why: 'Disc nodes (not RAM nodes as in the old guide): every broker keeps the cluster metadata.',
        guide: GUIDE.ha('Messaging service: join_cluster'),
        selector: b.selector('others', mq.role),
        nodes: mq.nodes.slice(1),
        mode: 'serial',
        actions: [
          run(
            `rabbitmqctl stop_app && rabbitmqctl join_cluster rabbit@${firstNode.hostname} && rabbitmqctl start_app`,
            120_000,
          ),
        ],
        guard: `rabbitmqctl -q cluster_status | grep -q rabbit@${firstNode.hostname}`,
      });
    }
  }
  const userActions = [
    run(`rabbitmqctl list_vhosts -q | grep -qx ${RABBIT_VHOST} || rabbitmqctl add_vhost ${RABBIT_VHOST}`),
    run(
      `rabbitmqctl list_users -q | grep -q '^${RABBIT_USER}\\b' || rabbitmqctl add_user ${RABBIT_USER} '${ref(SECRET.rabbitmq)}'`,
    ),
    run(`rabbitmqctl change_password ${RABBIT_USER} '${ref(SECRET.rabbitmq)}'`),
    run(`rabbitmqctl set_permissions -p ${RABBIT_VHOST} ${RABBIT_USER} '.*' '.*' '.*'`),
    ...rabbitmqPolicyCommands(ctx).map((c) => run(c)),
  ];
  const why =
    mode === 'quorum-queues'
      ? 'Quorum queues (Raft) replicate every queue to a majority; classic mirrored queues are gone in RabbitMQ 4.'
      : mode === 'drbd'
        ? 'One broker runs at a time on the DRBD primary; its data moves with the disk.'
        : 'Mirrored queues keep a copy of each queue on other brokers, so a queue survives its node.';
  if (mode === 'drbd') {
    const commands = userActions.map((a) => `{ ${a.kind === 'run' ? a.command : 'true'}; }`).join(' && ');
    b.add({
      id: 'rabbitmq.users-and-policies',
      title: 'vhost and user on the active broker',
      why,
      guide: GUIDE.book('Adding the RabbitMQ resources to Pacemaker'),
      selector: b.selector('role', mq.role),
      nodes: mq.nodes,
      actions: [
        // Only the node where Pacemaker runs the broker answers; the other has nothing to do.
        run(`systemctl is-active -q ${d.rabbitmq.service} || exit 0; ${commands}`),
      ],
      // The same test as the action: nothing to do where the broker does not run.
      guard: `{ ! systemctl is-active -q ${d.rabbitmq.service} || { ${rabbitmqUsersGuard(ctx)}; }; }`,
    });
    return;
  }
  b.add({
    id: 'rabbitmq.users-and-policies',
    title: 'vhost, user and queue policy',
    why,
    guide: GUIDE.ha('Messaging service: Configure RabbitMQ for HA queues'),
    selector: b.selector('first', mq.role),
    nodes: [firstNode],
    mode: 'one',
    actions: [
      check(
        count,
        { kind: 'stdout-equals', text: String(mq.nodes.length) },
        `${mq.nodes.length} brokers running`,
      ),
      ...userActions,
    ],
    guard: rabbitmqUsersGuard(ctx),
  });
}

/** Done when the vhost exists, the user logs in with its password and has its rights, and every policy is set. */
function rabbitmqUsersGuard(ctx: PlanBuilder['ctx']): string {
  const policies = rabbitmqPolicyCommands(ctx).map((command) => {
    const name = /--apply-to \S+ (\S+) /.exec(command)?.[1];
    if (!name) throw new Error(`rabbitmqUsersGuard: no policy name in ${command}`);
    return `rabbitmqctl list_policies -p ${RABBIT_VHOST} -q | awk '{print $2}' | grep -qx ${name}`;
  });
  return [
    `rabbitmqctl list_vhosts -q | grep -qx ${RABBIT_VHOST}`,
    `rabbitmqctl authenticate_user -q ${RABBIT_USER} '${ref(SECRET.rabbitmq)}' >/dev/null 2>&1`,
    `rabbitmqctl list_permissions -p ${RABBIT_VHOST} -q | grep -Eq '^${RABBIT_USER}[[:space:]]+[.][*][[:space:]]+[.][*][[:space:]]+[.][*]$'`,
    ...policies,
  ].join(' && ');
}

export function addMemcachedPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const d = ctx.distro;
  b.enter('memcached');
  b.perNode('memcached', ctx.controllers.nodes, (node) => {
    const actions = [
      install(b, d.memcached.packages),
      write(d.memcached.configPath, renderMemcachedConfig(ctx, node)),
      ...restart([d.memcached.service]),
      run(`systemctl enable ${d.memcached.service}`),
    ];
    return {
      title: `memcached on ${node.hostname}`,
      why:
        ctx.design.options.memcached === 'local'
          ? 'Each service uses its local memcached (field report): a dead peer never stalls token validation.'
          : 'Services list every memcached; Keystone tokens and Horizon sessions are cached across controllers.',
      guide: GUIDE.ha('Memcached'),
      actions,
      guard: effectsGuard(actions),
    };
  });
}

export function addLoadBalancingPhase(b: PlanBuilder): void {
  const { ctx } = b;
  const d = ctx.distro;
  const lbs = ctx.loadBalancers;
  if (lbs.nodes.length === 0 || ctx.design.vips.length === 0) return;
  const pacemaker = ctx.design.options.loadBalancer === 'pacemaker-haproxy';
  b.enter('load-balancing');
  const haproxy = [
    install(b, pacemaker ? d.haproxy.packages : [...d.haproxy.packages, ...d.keepalived.packages]),
    write('/etc/haproxy/haproxy.cfg', renderHaproxyConfig(ctx)),
    run('haproxy -c -q -f /etc/haproxy/haproxy.cfg'),
    ...(pacemaker
      ? [
          run(`systemctl disable ${d.haproxy.service}`),
          run(`systemctl reload-or-restart ${d.haproxy.service}`),
        ]
      : [...restart([d.haproxy.service]), run(`systemctl enable ${d.haproxy.service}`)]),
  ];
  b.add({
    id: 'lb.haproxy',
    title: 'HAProxy configuration',
    why: 'HAProxy spreads API calls over the controllers and sends all database writes to one Galera node (the others are backups).',
    guide: GUIDE.ha('HAProxy'),
    selector: b.selector('role', lbs.role),
    nodes: lbs.nodes,
    actions: haproxy,
    // Under Pacemaker the unit is disabled on purpose and Pacemaker decides where it runs: the files,
    // the package and the unit left disabled.
    guard: pacemaker
      ? effectsGuard(haproxy.slice(0, 2), [`! systemctl is-enabled -q ${d.haproxy.service}`])
      : effectsGuard(haproxy),
  });
  if (pacemaker) {
    const balanced = (id: string) =>
      id === 'haproxy' || (id.startsWith('vip-') && ctx.design.vips.some((v) => `vip-${v.id}` === id));
    b.add({
      id: 'lb.pacemaker-vips',
      title: 'VIPs as Pacemaker IPaddr2 resources with a cloned HAProxy',
      why: 'Pacemaker places each VIP on a node where HAProxy runs and moves it when that node fails.',
      guide: GUIDE.ha('Configure the VIP'),
      selector: b.selector('first', ctx.pacemaker.role),
      nodes: ctx.pacemaker.nodes.slice(0, 1),
      mode: 'one',
      actions: pacemakerSubset(b, balanced, false).map((c) => run(c)),
      guard: pacemakerConfiguredGuard(b, balanced, false),
    });
  } else {
    b.perNode('lb.keepalived', lbs.nodes, (node) => {
      const actions = [
        write(HAPROXY_CHECK_PATH, renderHaproxyCheckScript(), '0755'),
        write('/etc/keepalived/keepalived.conf', renderKeepalivedConfig(ctx, node), '0640'),
        run('keepalived --config-test -f /etc/keepalived/keepalived.conf'),
        ...restart([d.keepalived.service]),
        run(`systemctl enable ${d.keepalived.service}`),
      ];
      return {
        title: `keepalived on ${node.hostname}`,
        why: 'VRRP moves each VIP to a surviving load balancer; unicast peers, one per line, and nopreempt avoid split brain and a second outage.',
        guide: GUIDE.book('The installation of HAProxy and keepalived'),
        actions,
        // A restart on a run again would move the VIP: skipped while the same configuration runs.
        guard: effectsGuard(actions),
      };
    });
  }
  const vip = ctx.design.vips[0]!;
  // HAProxy accepts on its bind even while backends are still down: a connection proves VIP + HAProxy.
  const service = vip.services.find((s) => s !== 'messaging' && s !== 'database') ?? null;
  const port =
    vip.services.includes('database') && ctx.design.options.database !== 'drbd-mysql'
      ? 3306
      : service
        ? API_PORTS[service][0]!.port
        : 8404;
  b.add({
    id: 'lb.vip-reachable',
    title: `VIP ${vip.address} answers`,
    why: 'Checked with a TCP connection through the VIP (LAB-NOTES: ping is not a usable signal).',
    guide: null,
    selector: b.selector('first', lbs.role),
    nodes: lbs.nodes.slice(0, 1),
    mode: 'one',
    actions: [
      check(
        `bash -c 'exec 3<>/dev/tcp/${vip.address}/${port}' && echo open`,
        { kind: 'stdout-equals', text: 'open' },
        `a listener answers on ${vip.address}:${port}`,
        { attempts: 30, intervalMs: 1000 },
      ),
    ],
  });
}
