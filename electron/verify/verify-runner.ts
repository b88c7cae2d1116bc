/**
 * Runs verification checks over SSH: each check on all its nodes at once (a cross-node check needs every
 * node's answer), checks one after another. Secrets are filled in at run time and masked in everything
 * kept; the report is written next to the run's journal after every check.
 */
import { randomUUID } from 'node:crypto';
import { maskSecrets } from '../../shared/deploy/secret-masker';
import type { PlanNode } from '../../shared/plan/types';
import { type NodeOutcome, judgeOutput, resultsOf } from '../../shared/verify/judge';
import { checkFor, type VerifyCheck, type VerifyReport } from '../../shared/verify/types';
import type { SshConnection } from '../ssh/connection';
import type { CommandEnd } from '../ssh/remote-command';
import { writeFileAtomic } from '../store/atomic-write';
import { fillSecrets } from '../runner/actions';

/** What the verification runner needs from the deploy session. */
export interface VerifyDeps {
  /** A connected session to a node (the deploy service's connector, through a pool). */
  connect(node: PlanNode): Promise<SshConnection>;
  secrets: ReadonlyMap<string, string>;
  maskValues(): string[];
  /** Called with a copy of the report after every check and at the end. */
  onReport?(report: VerifyReport): void;
}

export interface VerifyRunOptions {
  runId: string | null;
  /** Where the report is kept (JSON), if anywhere. */
  reportFile: string | null;
}

/** Output kept per cell (the judges read all of it; the cell keeps a tail). */
const MAX_OUTPUT = 512 * 1024;
const TAIL_CHARS = 2000;

function describeEnd(end: CommandEnd): string {
  switch (end.kind) {
    case 'exit':
      return `exit ${end.code}`;
    case 'signal':
      return `killed by ${end.signal}`;
    case 'timeout':
      return `no answer within ${Math.round(end.afterMs / 1000)} s`;
    case 'unknown':
      return `outcome unknown: ${end.reason}`;
    case 'cancelled':
      return 'cancelled';
    case 'sudo-failed':
      return end.message;
  }
}

async function runOnNode(
  check: VerifyCheck,
  node: PlanNode,
  deps: VerifyDeps,
  connection: Promise<SshConnection>,
): Promise<NodeOutcome> {
  const mask = (text: string) => maskSecrets(text, deps.maskValues());
  const { command, judge } = checkFor(check, node.id);
  let filled: string;
  try {
    filled = fillSecrets(command, deps.secrets);
  } catch (error) {
    return { node: node.id, error: (error as Error).message, tail: '', exitCode: null };
  }
  let session: SshConnection;
  try {
    session = await connection;
  } catch (error) {
    return {
      node: node.id,
      error: `cannot connect: ${mask((error as Error).message)}`,
      tail: '',
      exitCode: null,
    };
  }
  let stdout = '';
  let stderr = '';
  try {
    const handle = await session.exec(filled, { sudo: check.sudo, timeoutMs: check.timeoutMs });
    handle.onData((stream, data) => {
      if (stream === 'stdout') stdout = (stdout + data).slice(-MAX_OUTPUT);
      else stderr = (stderr + data).slice(-MAX_OUTPUT);
    });
    const end = await handle.result;
    const tail = mask(`${stdout}${stderr ? `\n[stderr]\n${stderr}` : ''}`.trim()).slice(-TAIL_CHARS);
    if (end.kind !== 'exit') return { node: node.id, error: mask(describeEnd(end)), tail, exitCode: null };
    const verdict = judgeOutput(judge, { exitCode: end.code, stdout: mask(stdout), stderr: mask(stderr) });
    return { node: node.id, verdict, tail, exitCode: end.code };
  } catch (error) {
    return { node: node.id, error: mask((error as Error).message), tail: '', exitCode: null };
  }
}

/** Runs every check on its nodes and returns the finished report. */
export async function runVerification(
  nodes: readonly PlanNode[],
  checks: readonly VerifyCheck[],
  deps: VerifyDeps,
  options: VerifyRunOptions,
): Promise<VerifyReport> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hostnames = new Map(nodes.map((n) => [n.id, n.hostname]));
  const used = new Set(checks.flatMap((c) => c.nodes));
  const report: VerifyReport = {
    id: randomUUID(),
    runId: options.runId,
    status: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    nodes: nodes.filter((n) => used.has(n.id)).map((n) => ({ id: n.id, hostname: n.hostname })),
    // Kept as given, with any secret value a test or a user typed into a command masked.
    checks: checks.map((c) => ({ ...c, command: maskSecrets(c.command, deps.maskValues()) })),
    results: [],
  };
  const publish = () => {
    if (options.reportFile) writeFileAtomic(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    deps.onReport?.(structuredClone(report));
  };
  publish();
  // One connect per node for the whole verification (the pool behind `connect` may reuse a session).
  const sessions = new Map<string, Promise<SshConnection>>();
  const sessionFor = (node: PlanNode) => {
    let s = sessions.get(node.id);
    if (!s) {
      s = deps.connect(node);
      s.catch(() => undefined);
      sessions.set(node.id, s);
    }
    return s;
  };
  for (const check of checks) {
    const outcomes = await Promise.all(
      check.nodes.map((id): Promise<NodeOutcome> => {
        const node = byId.get(id);
        if (!node)
          return Promise.resolve({ node: id, error: `the plan has no node ${id}`, tail: '', exitCode: null });
        return runOnNode(check, node, deps, sessionFor(node));
      }),
    );
    report.results.push(...resultsOf(check, outcomes, hostnames));
    publish();
  }
  report.status = 'done';
  report.finishedAt = new Date().toISOString();
  publish();
  return report;
}
