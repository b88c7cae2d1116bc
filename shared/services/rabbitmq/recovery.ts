/** RabbitMQ's recovery procedure for the runbook: reset a broker and rejoin it. */
import type { RecoveryProcedure } from '../../runbook/procedure';
import type { Topology } from '../../topology';

/** The procedures that apply to the design's brokers. */
export function rabbitmqRecovery(ctx: Topology): RecoveryProcedure[] {
  const out: RecoveryProcedure[] = [];
  const o = ctx.design.options;
  const brokers = ctx.messaging.nodes.map((n) => n.hostname);
  if (brokers.length > 1 && (o.messaging.mode === 'quorum-queues' || o.messaging.mode === 'mirrored')) {
    const first = brokers[0]!;
    out.push({
      id: 'rabbitmq-rejoin',
      title: 'RabbitMQ: reset a broker and rejoin it',
      when: 'A broker does not rejoin after a crash or a partition (it shows itself alone in cluster_status, or fails to start with a Mnesia error).',
      steps: [
        {
          text: 'On a healthy broker, remove the broken one from the cluster.',
          commands: ['rabbitmqctl forget_cluster_node rabbit@BROKEN'],
        },
        {
          text: 'On the broken broker, wipe its local state and join again.',
          commands: [
            'rabbitmqctl stop_app',
            'rabbitmqctl reset',
            `rabbitmqctl join_cluster rabbit@${first}`,
            'rabbitmqctl start_app',
          ],
        },
        { text: 'Check that every broker is running.', commands: ['rabbitmqctl cluster_status'] },
        {
          text: 'If every broker stopped, start the one that stopped last first; if it is unknown, force one to boot.',
          commands: ['rabbitmqctl force_boot', `systemctl start ${ctx.distro.rabbitmq.service}`],
        },
      ],
    });
  }
  return out;
}
