/**
 * "Check" for a step a trainee did by hand: runs its checks, reads back the files it writes and runs its
 * guard, on one node, changing nothing. Each finding says what was compared and, when it does not hold,
 * what differs (shared/guide/compare words it).
 */
import type { StepCheckNode } from '../../shared/api/operations/deploy';
import { fileDifference, ownershipDifference } from '../../shared/guide/compare';
import { maskSecrets } from '../../shared/deploy/secret-masker';
import type { PlanNode, Step } from '../../shared/plan/types';
import type { SshConnection } from '../ssh/connection';
import { shellQuote } from '../../shared/shell/quote';
import { describeEnd, fillSecrets, meetsExpectation } from './actions';

/** A check reads state; a node that takes longer than this to answer is reported, not waited for. */
const CHECK_TIMEOUT_MS = 30_000;

type Finding = StepCheckNode['findings'][number];

async function capture(
  connection: SshConnection,
  command: string,
  sudo: boolean,
): Promise<{ code: number | null; out: string; err: string; end: string }> {
  const handle = await connection.exec(command, { sudo, timeoutMs: CHECK_TIMEOUT_MS });
  let out = '';
  let err = '';
  handle.onData((stream, data) => (stream === 'stdout' ? (out += data) : (err += data)));
  const end = await handle.result;
  return { code: end.kind === 'exit' ? end.code : null, out, err, end: describeEnd(end) };
}

/** Every finding for a step on one node (in the step's order, the guard last). */
export async function checkStepOnNode(
  step: Step,
  host: string,
  connection: SshConnection,
  secrets: ReadonlyMap<string, string>,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const action of step.actions) {
    if (action.kind === 'check') {
      const r = await capture(connection, fillSecrets(action.command, secrets), action.sudo);
      const problem = r.code === null ? r.end : meetsExpectation(action.expect, r.code, r.out);
      const what = action.description ?? action.command;
      findings.push({ what, ok: problem === null, detail: problem && `${what} on ${host}: ${problem}` });
    } else if (action.kind === 'write-file') {
      const path = shellQuote(action.path);
      const stat = await capture(connection, `stat -c '%U:%G %a' -- ${path}`, action.sudo);
      if (stat.code !== 0) {
        findings.push({ what: action.path, ok: false, detail: `${action.path} does not exist on ${host}` });
        continue;
      }
      const content = await capture(connection, `cat -- ${path}`, action.sudo);
      const problem =
        ownershipDifference(action.path, action, stat.out, host) ??
        (content.code === 0
          ? fileDifference(action.path, fillSecrets(action.content, secrets), content.out, host)
          : `cannot read ${action.path} on ${host}: ${content.err.trim() || content.end}`);
      findings.push({ what: action.path, ok: problem === null, detail: problem });
    }
  }
  if (step.guard) {
    const r = await capture(connection, fillSecrets(step.guard.command, secrets), step.guard.sudo);
    findings.push({
      what: 'its guard (the test that skips a done step)',
      ok: r.code === 0,
      detail: r.code === 0 ? null : `the guard does not pass on ${host} (${r.end}): not done yet`,
    });
  }
  if (findings.length === 0) {
    findings.push({
      what: 'nothing to compare',
      ok: false,
      detail: `this step has no check, file or guard, so nothing on ${host} shows whether it was done`,
    });
  }
  return findings;
}

/** Checks a step on each of its nodes (in parallel, one connection each); secrets masked in every word. */
export async function checkStepOnNodes(
  step: Step,
  nodes: readonly PlanNode[],
  deps: {
    connect: (node: PlanNode) => Promise<SshConnection>;
    secrets: ReadonlyMap<string, string>;
    maskValues: () => Iterable<string>;
  },
): Promise<StepCheckNode[]> {
  const mask = (text: string) => maskSecrets(text, deps.maskValues());
  return Promise.all(
    nodes.map(async (node): Promise<StepCheckNode> => {
      const result = { node: node.id, hostname: node.hostname, done: false, findings: [], error: null };
      let connection: SshConnection | null = null;
      try {
        connection = await deps.connect(node);
        const findings = await checkStepOnNode(step, node.hostname, connection, deps.secrets);
        return {
          ...result,
          done: findings.every((f) => f.ok),
          findings: findings.map((f) => ({ ...f, detail: f.detail === null ? null : mask(f.detail) })),
        };
      } catch (error) {
        return { ...result, error: mask((error as Error).message) };
      } finally {
        connection?.dispose();
      }
    }),
  );
}
