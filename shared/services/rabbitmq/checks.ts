/** RabbitMQ's verify checks: every broker running in one cluster, the vhost, the user and the queue policy. */
import type { Topology } from '../../topology';
import { check } from '../../verify/make-check';
import type { VerifyCheck } from '../../verify/types';
import { RABBIT_USER, RABBIT_VHOST } from './render';

export function messagingChecks(ctx: Topology): VerifyCheck[] {
  const mq = ctx.messaging.nodes;
  const mode = ctx.design.options.messaging;
  if (mq.length === 0 || mode.mode === 'drbd') return [];
  const first = mq.slice(0, 1);
  const out = [
    check(
      'rabbitmq.cluster',
      'RabbitMQ',
      `cluster of ${mq.length} running nodes`,
      mq,
      'rabbitmqctl cluster_status --formatter json',
      { kind: 'rabbit-running', expected: mq.map((n) => `rabbit@${n.hostname}`) },
      'A broker missing from running_nodes is stopped or partitioned: rabbitmqctl cluster_status on it; rejoin with stop_app, join_cluster, start_app.',
    ),
    check(
      'rabbitmq.vhost',
      'RabbitMQ',
      `vhost ${RABBIT_VHOST} exists`,
      first,
      'rabbitmqctl list_vhosts -q',
      { kind: 'matches', pattern: `^${RABBIT_VHOST}$`, expected: RABBIT_VHOST },
      `The services connect to the ${RABBIT_VHOST} vhost: rabbitmqctl add_vhost ${RABBIT_VHOST}.`,
    ),
    check(
      'rabbitmq.user',
      'RabbitMQ',
      `user ${RABBIT_USER} exists`,
      first,
      'rabbitmqctl list_users -q',
      { kind: 'matches', pattern: `^${RABBIT_USER}\\s`, expected: RABBIT_USER },
      'The services log in as this user: run the plan step rabbitmq.users-and-policies again.',
    ),
  ];
  if (mode.mode === 'mirrored' || mode.mode === 'quorum-queues') {
    const [name, pattern, expected] =
      mode.mode === 'mirrored'
        ? mode.haMode === 'exactly'
          ? ['ha-all', `ha-all.*"ha-mode":"exactly"`, 'ha-all policy, ha-mode exactly']
          : ['ha-all', `ha-all.*"ha-mode":"all"`, 'ha-all policy, ha-mode all']
        : ['quorum-delivery-limit', 'quorum-delivery-limit.*delivery-limit', 'quorum-delivery-limit policy'];
    out.push(
      check(
        'rabbitmq.policy',
        'RabbitMQ',
        mode.mode === 'mirrored' ? 'mirrored-queue policy present' : 'quorum-queue policy present',
        first,
        `rabbitmqctl list_policies -p ${RABBIT_VHOST} -q`,
        { kind: 'matches', pattern, expected },
        `Without the ${name} policy queues ${mode.mode === 'mirrored' ? 'live on one broker and die with it' : 'redeliver poison messages forever'}: run the plan step rabbitmq.users-and-policies again.`,
      ),
    );
  }
  return out;
}
