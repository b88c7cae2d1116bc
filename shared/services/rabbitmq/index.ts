/**
 * RabbitMQ, as one module. Where its behaviour lives:
 * - topology facts (brokers, partition handling, how many must be up): `rabbitFacts` in
 *   shared/topology/resolve.ts, read by the simulation and every file below;
 * - files and client strings: render.ts; plan steps: plan.ts; rules: rules.ts; verify checks: checks.ts;
 *   the runbook's recovery procedure: recovery.ts.
 */
import type { ServiceModule } from '../types';
import { messagingChecks } from './checks';
import { addMessagingPhase } from './plan';
import { rabbitmqRecovery } from './recovery';
import { rabbitmqRules } from './rules';

export const rabbitmqModule: ServiceModule = {
  id: 'rabbitmq',
  title: 'RabbitMQ',
  openstack: false,
  options: ['messaging'],
  plan: addMessagingPhase,
  rules: rabbitmqRules,
  checks: messagingChecks,
  recovery: rabbitmqRecovery,
};
