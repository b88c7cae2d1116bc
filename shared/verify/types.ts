/**
 * Verification checks as data: what a user expects of a deployed cloud, per node, with the command that
 * asks the node, how its output is judged, and what to do when it is red. Derived from the design by
 * `verificationChecks` (shared/verify/checks.ts), run by the backend over SSH, shown as a matrix of
 * checks × nodes in the Deploy tab and printed by `quorum deploy --verify`.
 */
import { z } from 'zod';

/** How a command's result is judged. Every kind has a pure judge in shared/verify/judge.ts. */
export const Judge = z.discriminatedUnion('kind', [
  /** The trimmed stdout equals `expected` (and the command exits 0). */
  z.strictObject({ kind: z.literal('equals'), expected: z.string() }),
  /** Some line of stdout matches `pattern` (a JavaScript regular expression); `expected` describes it. */
  z.strictObject({ kind: z.literal('matches'), pattern: z.string(), expected: z.string() }),
  /** The command exits 0. */
  z.strictObject({ kind: z.literal('exit-zero') }),
  /** HAProxy's stats CSV (`show stat`): the backend has exactly one active (non-backup) server UP. */
  z.strictObject({ kind: z.literal('haproxy-one-active'), backend: z.string() }),
  /** `rabbitmqctl cluster_status --formatter json`: exactly these nodes are running. */
  z.strictObject({ kind: z.literal('rabbit-running'), expected: z.array(z.string()) }),
  /** `crm_mon -1 -r`: every named node online and no resource stopped or failed. */
  z.strictObject({ kind: z.literal('pacemaker-healthy'), nodes: z.array(z.string()) }),
  /** `ss -Hltn`: something listens on `address:port`. */
  z.strictObject({ kind: z.literal('listening'), address: z.string(), port: z.number().int() }),
]);
export type Judge = z.infer<typeof Judge>;

/** One check of the matrix (a row). */
export const VerifyCheck = z.strictObject({
  /** Stable id (`galera.cluster-size`). */
  id: z.string().regex(/^[a-z0-9][a-z0-9.:_-]*$/),
  title: z.string(),
  /** The service it belongs to (Galera, HAProxy, …), to group rows. */
  group: z.string(),
  /** Node ids it runs on. */
  nodes: z.array(z.string()).min(1),
  /** POSIX sh; `{{secret:NAME}}` references are filled in by the backend at run time and masked. */
  command: z.string().min(1),
  sudo: z.boolean().default(true),
  timeoutMs: z.number().int().positive().default(20_000),
  judge: Judge,
  /**
   * `each`: every node is judged on its own. `exactly-one`: a cross-node check: the judge tells whether a
   * node "has it" (the VIP), and the check is green on every node when exactly one node has it.
   */
  across: z.enum(['each', 'exactly-one']).default('each'),
  /** Per node id: a different command or judge (an address that differs per node). */
  perNode: z
    .record(z.string(), z.strictObject({ command: z.string().min(1).optional(), judge: Judge.optional() }))
    .default({}),
  /** Why the check matters and what to do when it is red. */
  fix: z.string(),
});
export type VerifyCheck = z.infer<typeof VerifyCheck>;

/** The command and judge a check uses on one node. */
export function checkFor(check: VerifyCheck, node: string): { command: string; judge: Judge } {
  const own = check.perNode[node];
  return { command: own?.command ?? check.command, judge: own?.judge ?? check.judge };
}

/** pass (green), fail (red: the node answered something else), error (red/grey: could not ask). */
export const CheckStatus = z.enum(['pass', 'fail', 'error']);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** One cell of the matrix. */
export const CheckResult = z.strictObject({
  check: z.string(),
  node: z.string(),
  status: CheckStatus,
  /** What the node reported, in a few words (`2`, `Donor/Desynced`, `exit 1`). */
  observed: z.string(),
  expected: z.string(),
  /** The end of the output (secrets masked). */
  tail: z.string(),
  exitCode: z.number().int().nullable(),
});
export type CheckResult = z.infer<typeof CheckResult>;

/** A verification run: the checks, the nodes and every result so far. Kept with the deploy run. */
export const VerifyReport = z.strictObject({
  id: z.string(),
  /** The deploy run it belongs to, if any. */
  runId: z.string().nullable(),
  status: z.enum(['running', 'done']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  nodes: z.array(z.strictObject({ id: z.string(), hostname: z.string() })),
  checks: z.array(VerifyCheck),
  results: z.array(CheckResult),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

/** Counts of a report's cells: pass, fail, error, and cells still to run. */
export function reportCounts(report: VerifyReport): Record<CheckStatus | 'pending', number> {
  const counts = { pass: 0, fail: 0, error: 0, pending: 0 };
  for (const r of report.results) counts[r.status]++;
  const cells = report.checks.reduce((n, c) => n + c.nodes.length, 0);
  counts.pending = cells - report.results.length;
  return counts;
}

/** Whether every cell of a finished report is green. */
export function reportPassed(report: VerifyReport): boolean {
  const c = reportCounts(report);
  return report.status === 'done' && c.fail === 0 && c.error === 0 && c.pending === 0;
}
