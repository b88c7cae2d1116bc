/**
 * `compilePlan(design) → Plan`: the design turned into the HA guide's ordered steps (preflight → OS →
 * Pacemaker → database → RabbitMQ → memcached → VIPs/LB → Keystone → Glance → Placement/Nova → Neutron →
 * storage → Cinder → Horizon → compute → verification), with every file rendered and every distro
 * difference resolved. Pure and deterministic: the same design gives the same plan.
 */
import type { Design } from '../design/schema';
import { resolveTopology } from '../topology';
import { PlanBuilder } from './builder';
import { SERVICE_MODULES } from '../services';
import { allSecretSpecs } from './secrets';
import { type Action, type Plan, SECRET_REFERENCE, type Step } from './types';

function actionText(action: Action): string {
  return action.kind === 'write-file' ? action.content : action.command;
}

/** Names of the secrets a set of steps refers to (commands, file contents and guards). */
export function referencedSecrets(steps: readonly Step[]): Set<string> {
  const names = new Set<string>();
  const scan = (text: string) => {
    for (const match of text.matchAll(SECRET_REFERENCE)) names.add(match[1]!);
  };
  for (const step of steps) {
    for (const action of step.actions) scan(actionText(action));
    if (step.guard) scan(step.guard.command);
  }
  return names;
}

/** What to compile: everything (default), or the HA infrastructure only (training labs). */
export interface CompileOptions {
  scope?: 'full' | 'infrastructure';
}

/** Compiles a (validated) design into its deployment plan. */
export function compilePlan(design: Design, options: CompileOptions = {}): Plan {
  const ctx = resolveTopology(design);
  const openstack = (options.scope ?? 'full') === 'full';
  const b = new PlanBuilder(ctx, openstack);
  // The compiler is the ordered list of service modules (the HA guide's order).
  for (const module of SERVICE_MODULES) if (openstack || !module.openstack) module.plan(b);
  const used = referencedSecrets(b.steps);
  return {
    schemaVersion: 1,
    designName: design.name,
    release: design.release,
    distro: design.distro,
    nodes: design.nodes.map((n) => ({
      id: n.id,
      hostname: n.hostname,
      address: ctx.address(n) === n.hostname ? null : ctx.address(n),
      ssh: n.ssh ?? null,
    })),
    steps: b.steps,
    secrets: allSecretSpecs().filter((s) => used.has(s.name)),
  };
}
