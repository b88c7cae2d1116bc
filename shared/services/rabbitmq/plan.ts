/** RabbitMQ's plan steps: packages, per-broker config, start, join, users and policies (or the Pacemaker and DRBD variants). */
import { renderDrbdResource } from '../../render/storage';
import { GUIDE, type PlanBuilder, check, enableNow, run, write } from '../../plan/builder';
import { effectsGuard } from '../../plan/guards';
import { pacemakerConfiguredGuard, pacemakerSubset } from '../../plan/phases/cluster';
import { install } from '../../plan/phases/infra';
import { SECRET, ref } from '../../plan/secrets';
import {
  RABBIT_USER,
  RABBIT_VHOST,
  rabbitmqPolicyCommands,
  renderRabbitmqConfig,
  renderRabbitmqEnv,
} from './render';

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
