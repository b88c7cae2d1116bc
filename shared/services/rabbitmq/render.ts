/**
 * RabbitMQ's files and client strings: rabbitmq.conf (listener, partition handling from the topology),
 * rabbitmq-env.conf, the queue policies of the messaging option, and what every OpenStack service puts in
 * its config: `transport_url` listing every broker and `[oslo_messaging_rabbit]`.
 */
import type { DesignNode } from '../../design/schema';
import { SECRET, ref } from '../../plan/secrets';
import type { Topology } from '../../topology';

/** AMQP port of every broker. */
export const AMQP_PORT = 5672;
/** The vhost and user OpenStack services use. */
export const RABBIT_VHOST = 'openstack';
export const RABBIT_USER = 'openstack';

/** `rabbit://openstack:…@b1:5672,openstack:…@b2:5672/openstack`: clients fail over between brokers. */
export function transportUrl(ctx: Topology): string {
  const password = ref(SECRET.rabbitmq);
  const vip = ctx.vipFor('messaging');
  // Active/passive on DRBD: one broker at a time, reached through the VIP that moves with it.
  if (ctx.design.options.messaging.mode === 'drbd' && vip) {
    return `rabbit://${RABBIT_USER}:${password}@${vip.address}:${AMQP_PORT}/${RABBIT_VHOST}`;
  }
  const hosts = ctx.messaging.nodes.map((n) => `${RABBIT_USER}:${password}@${ctx.address(n)}:${AMQP_PORT}`);
  return `rabbit://${hosts.join(',')}/${RABBIT_VHOST}`;
}

/** rabbitmq.conf for one broker: listen on the node's own address, pause the minority on partitions. */
export function renderRabbitmqConfig(ctx: Topology, node: DesignNode): string {
  return [
    '# Written by Quorum.',
    ctx.design.options.messaging.mode === 'drbd'
      ? `listeners.tcp.default = ${AMQP_PORT}`
      : `listeners.tcp.1 = ${ctx.address(node)}:${AMQP_PORT}`,
    // 3+ brokers: a partitioned minority stops instead of diverging. 2 brokers: autoheal, since
    // pause_minority would stop the survivor of any single failure (the topology decides, the rules explain).
    `cluster_partition_handling = ${ctx.facts.rabbitmq.partitionHandling}`,
    'loopback_users.guest = true',
    'vm_memory_high_watermark.relative = 0.4',
    '',
  ].join('\n');
}

/** rabbitmq-env.conf: a node name that resolves on every broker (/etc/hosts lists them all). */
export function renderRabbitmqEnv(node: DesignNode): string {
  return ['# Written by Quorum.', `NODENAME=rabbit@${node.hostname}`, ''].join('\n');
}

/** The commands that apply queue HA for the chosen messaging option (run once, on one broker). */
export function rabbitmqPolicyCommands(ctx: Topology): string[] {
  const m = ctx.design.options.messaging;
  if (m.mode === 'mirrored') {
    const definition =
      m.haMode === 'exactly'
        ? `{"ha-mode":"exactly","ha-params":${m.count ?? 2},"ha-sync-mode":"automatic"}`
        : '{"ha-mode":"all","ha-sync-mode":"automatic"}';
    return [
      `rabbitmqctl set_policy -p ${RABBIT_VHOST} --apply-to queues ha-all '^(?!amq\\.).*' '${definition}'`,
    ];
  }
  if (m.mode === 'quorum-queues') {
    // Quorum queues are declared by the clients (oslo.messaging rabbit_quorum_queue); the policy bounds
    // redeliveries of poison messages.
    return [
      `rabbitmqctl set_policy -p ${RABBIT_VHOST} --apply-to queues quorum-delivery-limit '^(?!amq\\.).*' '{"delivery-limit":50}'`,
    ];
  }
  return [];
}

/** `[oslo_messaging_rabbit]` settings for the messaging option. */
export function osloMessagingRabbit(ctx: Topology): Record<string, string> {
  const m = ctx.design.options.messaging;
  const out: Record<string, string> = {
    heartbeat_timeout_threshold: '60',
    rabbit_retry_interval: '1',
    rabbit_retry_backoff: '2',
  };
  if (m.mode === 'quorum-queues') out.rabbit_quorum_queue = 'true';
  else out.rabbit_ha_queues = 'true';
  out.amqp_durable_queues = 'true';
  return out;
}
