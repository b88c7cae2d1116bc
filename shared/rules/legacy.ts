/** Legacy choices: allowed, but warned with the reason. */
import { REF } from './references';
import type { Rule } from './types';

const drbdMysql: Rule = {
  id: 'legacy.drbd-mysql',
  family: 'legacy',
  severity: 'warning',
  why: 'MySQL on DRBD is active/passive: one node serves while DRBD mirrors its block device to the other, and Pacemaker moves it on failure. A failover means a cold start and crash recovery, and without reliable fencing both sides can become primary. The HA guide deprecated it because of those split-brain issues; Galera is active/active.',
  reference: REF.drbdMysql,
  check: (ctx) =>
    ctx.design.options.database === 'drbd-mysql'
      ? [{ message: 'MySQL on DRBD is deprecated (split-brain risk, cold failover); prefer Galera.' }]
      : [],
};

const drbdRabbit: Rule = {
  id: 'legacy.drbd-rabbitmq',
  family: 'legacy',
  severity: 'warning',
  why: 'RabbitMQ on DRBD fails over by restarting the broker on the other node, dropping every connection and in-flight message. RabbitMQ clusters itself; the HA guide deprecated the DRBD setup.',
  reference: REF.drbdRabbit,
  check: (ctx) =>
    ctx.design.options.messaging.mode === 'drbd'
      ? [{ message: 'RabbitMQ on DRBD is deprecated; prefer a RabbitMQ cluster with quorum queues.' }]
      : [],
};

const singleL3: Rule = {
  id: 'legacy.single-l3-agent',
  family: 'legacy',
  severity: 'warning',
  why: "Legacy routing places each router on one L3 agent. When that agent's host dies its routers (and floating IPs) are down until they are rescheduled by hand or by a script. L3 HA or DVR keep routers available; the HA guide focuses on them from Kilo on.",
  reference: REF.singleL3,
  check: (ctx) =>
    ctx.design.options.neutron === 'ovs-legacy'
      ? [
          {
            message:
              'Legacy single-agent routers: a network node failure takes its routers down; prefer L3 HA or DVR.',
          },
        ]
      : [],
};

const mirroredQueues: Rule = {
  id: 'legacy.mirrored-queues',
  family: 'legacy',
  severity: 'warning',
  why: 'The HA guide configures classic queues mirrored with an ha-mode policy. Classic queue mirroring was deprecated and then removed in RabbitMQ 4.0: on current brokers the policy does nothing and queues live on one node again. Quorum queues replicate by Raft majority instead and are what current OpenStack releases support.',
  reference: REF.rabbitmq4,
  check: (ctx) => {
    const m = ctx.design.options.messaging;
    if (m.mode !== 'mirrored') return [];
    const policy = m.haMode === 'exactly' ? `ha-mode exactly ${m.count ?? 2}` : 'ha-mode all';
    const source = ctx.topology.release.source;
    // Where the chosen release's packages bring RabbitMQ 4, the policy is not just old: it does nothing.
    if (!ctx.topology.release.classicMirroring)
      return [
        {
          severity: 'error',
          message: `RabbitMQ classic mirrored queues (${policy}) do not exist in the RabbitMQ 4.0 of ${source?.os ?? 'this distro'}: queues would live on one broker. Use quorum queues.`,
        },
      ];
    return [
      {
        message: `RabbitMQ classic mirrored queues (${policy}) are gone in RabbitMQ 4.0; use quorum queues.`,
      },
    ];
  },
};

/** Legacy family. */
export const legacyRules: Rule[] = [drbdMysql, drbdRabbit, singleL3, mirroredQueues];
