/**
 * RabbitMQ (config, env, policies) and memcached, plus the client-side strings every OpenStack service
 * uses: `transport_url` listing every broker, and the memcached server list.
 */
import type { DesignNode } from '../design/schema';
import { SECRET, ref } from '../plan/secrets';
import type { Topology } from '../topology';

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

/** `host:11211,…` for services: every controller ("all") or the local one only ("local", field report). */
export function memcachedServers(ctx: Topology): string {
  if (ctx.facts.memcached.mode === 'local') return 'localhost:11211';
  return ctx.facts.memcached.nodes.map((n) => `${ctx.address(n)}:11211`).join(',');
}

/** memcached settings in the distro's format, listening on localhost and the node's address. */
export function renderMemcachedConfig(ctx: Topology, node: DesignNode): string {
  const listen = `127.0.0.1,${ctx.address(node)}`;
  switch (ctx.distro.family) {
    case 'debian':
      return [
        '# Written by Quorum.',
        '-d',
        '-m 512',
        '-p 11211',
        '-U 0',
        '-u memcache',
        `-l ${listen}`,
        '-c 4096',
        '-P /var/run/memcached/memcached.pid',
        '',
      ].join('\n');
    case 'rhel':
      return [
        '# Written by Quorum.',
        'PORT="11211"',
        'USER="memcached"',
        'MAXCONN="4096"',
        'CACHESIZE="512"',
        `OPTIONS="-l ${listen} -U 0"`,
        '',
      ].join('\n');
    case 'suse':
      return [
        '# Written by Quorum.',
        `MEMCACHED_PARAMS="-U 0 -m 512 -l ${listen} -p 11211 -c 4096"`,
        'MEMCACHED_USER="memcached"',
        'MEMCACHED_GROUP="memcached"',
        '',
      ].join('\n');
  }
}
