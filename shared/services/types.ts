/**
 * The service module interface: everything Quorum knows about one piece of software, in one folder
 * (`shared/services/<name>/`), the way Kolla-Ansible has a role per service. The engines (rule runner,
 * plan builder, verify judge, runbook) iterate over the ordered module list and never name a service.
 */
import type { PlanBuilder } from '../plan/builder';
import type { Rule } from '../rules/types';
import type { RecoveryProcedure } from '../runbook/procedure';
import type { Topology } from '../topology';
import type { VerifyCheck } from '../verify/types';

export interface ServiceModule {
  /** Stable id (`rabbitmq`), also the folder name of a module that owns its files. */
  id: string;
  /** What a person calls it. */
  title: string;
  /** Part of a full (OpenStack) plan only; the infrastructure scope (training labs) leaves it out. */
  openstack: boolean;
  /** Design options this module reads (documentation; the options-read test checks they matter). */
  options: readonly string[];
  /** Adds the module's plan steps, in the HA guide's order, from the resolved topology (`b.ctx`). */
  plan(b: PlanBuilder): void;
  /** Rules the module contributes to validation. */
  rules?: readonly Rule[];
  /** Verify checks (rows of the matrix) for a deployed design. */
  checks?(t: Topology): VerifyCheck[];
  /** Recovery procedures for the runbook. */
  recovery?(t: Topology): RecoveryProcedure[];
}
