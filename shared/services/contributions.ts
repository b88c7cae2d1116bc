/**
 * What the service modules contribute to the engines that run outside the plan compiler: validation rules,
 * verify checks and runbook recovery procedures. Kept apart from SERVICE_MODULES (index.ts), which also
 * brings every module's plan steps, so the rules that run on every keystroke and the verify matrix do not
 * load the compiler. services.test.ts checks that these lists are exactly what the modules declare.
 */
import type { Rule } from '../rules/types';
import type { RecoveryProcedure } from '../runbook/procedure';
import type { Topology } from '../topology';
import type { VerifyCheck } from '../verify/types';
import { memcachedChecks } from './memcached/checks';
import { messagingChecks } from './rabbitmq/checks';
import { rabbitmqRecovery } from './rabbitmq/recovery';
import { rabbitmqRules } from './rabbitmq/rules';

/** Every module's rules, in module order. */
export const SERVICE_RULES: readonly Rule[] = [...rabbitmqRules];

/** Every module's verify checks, in module order. */
export const SERVICE_CHECKS: readonly ((t: Topology) => VerifyCheck[])[] = [messagingChecks, memcachedChecks];

/** Every module's recovery procedures, in module order. */
export const SERVICE_RECOVERY: readonly ((t: Topology) => RecoveryProcedure[])[] = [rabbitmqRecovery];
