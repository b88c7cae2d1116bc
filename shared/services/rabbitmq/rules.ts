/** RabbitMQ's rules: broker count, legacy queue HA, and what the release supports. */
import { REF } from '../../rules/references';
import { serviceById, voterCheck } from '../../rules/quorum';
import type { Rule } from '../../rules/types';

const rabbitmq: Rule = {
  id: 'quorum.rabbitmq',
  family: 'quorum',
  severity: 'warning',
  why: 'RabbitMQ quorum queues elect a leader by majority, so they need three or more brokers to survive one failure. The HA guide asks for at least three RabbitMQ servers in production; a two-node cluster works for a lab but cannot tell a dead peer from a network partition.',
  reference: REF.rabbitmq,
  check: (ctx) => {
    const svc = serviceById(ctx, 'rabbitmq');
    return voterCheck(ctx, svc, svc?.kind === 'quorum');
  },
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

const quorumQueues: Rule = {
  id: 'release.quorum-queues',
  family: 'legacy',
  severity: 'error',
  why: 'OpenStack services declare quorum queues themselves (oslo.messaging `rabbit_quorum_queue`), which arrived in Yoga. On an older release the services would keep declaring classic queues on one broker each.',
  reference: REF.quorumQueues,
  check: (ctx) =>
    ctx.design.options.messaging.mode === 'quorum-queues' && !ctx.topology.release.quorumQueues
      ? [
          {
            message: `Quorum queues need Yoga or later; ${ctx.design.release}'s services cannot declare them. Use mirrored queues or a newer release.`,
          },
        ]
      : [],
};

/** Every RabbitMQ rule. */
export const rabbitmqRules: Rule[] = [rabbitmq, drbdRabbit, mirroredQueues, quorumQueues];
