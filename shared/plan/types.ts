/**
 * The Plan: what the compiler (shared/plan) emits, the runner (electron/runner) executes, the Plan tab
 * shows and the runbook prints. A DAG of steps in the HA guide's order; targets are resolved to node ids
 * at compile time, distro differences too, so the runner needs no knowledge of OpenStack.
 *
 * Secrets never appear in a plan: commands and file contents carry `{{secret:NAME}}` references that the
 * runner fills in when a step runs (and masks in everything it streams or writes).
 */
import { z } from 'zod';
import { DistroFamily, Id, Release, Role, SshEndpoint } from '../design/schema';

/** The HA guide's order, left to right. Steps of a later phase never run before their dependencies. */
export const Phase = z.enum([
  'preflight',
  'os',
  'pacemaker',
  'database',
  'messaging',
  'memcached',
  'load-balancing',
  'keystone',
  'glance',
  'nova',
  'neutron',
  'storage',
  'swift',
  'cinder',
  'horizon',
  'compute',
  'octavia',
  'telemetry',
  'verify',
]);
export type Phase = z.infer<typeof Phase>;

/** Which nodes a step is for, as the author wrote it (the resolved list is `StepTargets.nodes`). */
export const TargetSelector = z.discriminatedUnion('kind', [
  /** Every node with the role. */
  z.strictObject({ kind: z.literal('role'), role: Role }),
  /** The first node with the role (e.g. the Galera bootstrap node). */
  z.strictObject({ kind: z.literal('first'), role: Role }),
  /** Every node with the role but the first (e.g. the nodes that join). */
  z.strictObject({ kind: z.literal('others'), role: Role }),
  /** One named node. */
  z.strictObject({ kind: z.literal('node'), node: Id }),
  /** Every node in the design. */
  z.strictObject({ kind: z.literal('all') }),
]);
export type TargetSelector = z.infer<typeof TargetSelector>;

export const StepTargets = z.strictObject({
  selector: TargetSelector,
  /** Node ids, in design order. */
  nodes: z.array(Id),
});

/** How a step runs across its nodes: all at once, one after another, or on exactly one node. */
export const StepMode = z.enum(['parallel', 'serial', 'one']);
export type StepMode = z.infer<typeof StepMode>;

/** What a check expects of a command's result. */
export const Expectation = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('exit-zero') }),
  z.strictObject({ kind: z.literal('stdout-contains'), text: z.string() }),
  z.strictObject({ kind: z.literal('stdout-matches'), pattern: z.string() }),
  z.strictObject({ kind: z.literal('stdout-equals'), text: z.string() }),
]);
export type Expectation = z.infer<typeof Expectation>;

export const Action = z.discriminatedUnion('kind', [
  /** Run a shell command (POSIX sh). Fails on an exit code outside `okExitCodes`. */
  z.strictObject({
    kind: z.literal('run'),
    command: z.string().min(1),
    sudo: z.boolean().default(true),
    timeoutMs: z.number().int().positive().optional(),
    okExitCodes: z.array(z.number().int()).default([0]),
  }),
  /** Write a file atomically with owner, group and mode (`0640`). */
  z.strictObject({
    kind: z.literal('write-file'),
    path: z.string().startsWith('/'),
    owner: z.string().default('root'),
    group: z.string().default('root'),
    mode: z.string().regex(/^0?[0-7]{3,4}$/, 'not an octal file mode'),
    content: z.string(),
    sudo: z.boolean().default(true),
  }),
  /** Run a command and compare its output; retried while it does not match (clusters take time to form). */
  z.strictObject({
    kind: z.literal('check'),
    command: z.string().min(1),
    expect: Expectation,
    sudo: z.boolean().default(true),
    retry: z
      .strictObject({ attempts: z.number().int().min(1), intervalMs: z.number().int().positive() })
      .optional(),
    description: z.string().optional(),
  }),
]);
export type Action = z.infer<typeof Action>;

/** A command whose success (exit 0) means the step is already done, so a re-run skips it. */
export const Guard = z.strictObject({ command: z.string().min(1), sudo: z.boolean().default(true) });

/** Where a step comes from: a section of the HA guide or another seed document, or a release note. */
export const GuideReference = z.strictObject({
  source: z.string(),
  section: z.string(),
  url: z.string().url().optional(),
});

export const Step = z.strictObject({
  /** Stable across compiles of the same design (`galera.bootstrap`), so journals survive re-planning. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.:_-]*$/),
  title: z.string(),
  phase: Phase,
  /** Why this step exists, in our own words (shown in the Guide tab and the runbook). */
  why: z.string(),
  guide: GuideReference.nullable(),
  targets: StepTargets,
  mode: StepMode,
  dependsOn: z.array(z.string()),
  actions: z.array(Action).min(1),
  guard: Guard.nullable(),
  /** Running it again on a node where it already ran does no harm. */
  rerunSafe: z.boolean(),
});
export type Step = z.infer<typeof Step>;

/** A generated secret the plan refers to by name; its value lives in the backend's secret store only. */
export const SecretSpec = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]+$/),
  description: z.string(),
  /**
   * `uuid`: an RFC 4122 v4 UUID; `ceph-key`: a cephx key (base64 of its binary header and 16 bytes);
   * `fernet-key`: URL-safe base64 of 32 bytes. `secretValue` in shared/plan/secrets.ts makes each kind.
   */
  kind: z.enum([
    'password',
    'token',
    'erlang-cookie',
    'corosync-authkey',
    'hex',
    'uuid',
    'ceph-key',
    'fernet-key',
  ]),
  length: z.number().int().positive(),
});
export type SecretSpec = z.infer<typeof SecretSpec>;

export const PlanNode = z.strictObject({
  id: Id,
  hostname: z.string(),
  /** The node's address on the management network, when it has one. */
  address: z.string().nullable(),
  ssh: SshEndpoint.nullable(),
});
export type PlanNode = z.infer<typeof PlanNode>;

export const Plan = z.strictObject({
  schemaVersion: z.literal(1),
  designName: z.string(),
  release: Release,
  distro: DistroFamily,
  nodes: z.array(PlanNode),
  steps: z.array(Step),
  secrets: z.array(SecretSpec),
});
export type Plan = z.infer<typeof Plan>;

/** `{{secret:NAME}}` in a command or file content. */
export const SECRET_REFERENCE = /\{\{secret:([a-z0-9_]+)\}\}/g;

/** The placeholder for a secret, to embed in commands and file contents. */
export function secretRef(name: string): string {
  return `{{secret:${name}}}`;
}
