/**
 * Leftovers of an earlier session: before a run resumes (or re-checks a task whose outcome is unknown),
 * the processes a dead Quorum left running on a node are killed, and the node's output says which.
 * See electron/ssh/process-traces.ts for how commands are traced.
 */
import type { PlanNode } from '../../shared/plan/types';
import type { SshConnection } from '../ssh/connection';
import { parseReaped, reaperScript, traceCleanupScript, type ReapedProcess } from '../ssh/process-traces';
import { RESET, YELLOW } from './actions';

/** The reaper waits a second between TERM and KILL; anything much longer means the node is in trouble. */
const REAP_TIMEOUT_MS = 30_000;

async function capture(connection: SshConnection, script: string): Promise<string> {
  const handle = await connection.exec(script, { sudo: true, timeoutMs: REAP_TIMEOUT_MS });
  let out = '';
  handle.onData((stream, data) => {
    if (stream === 'stdout') out += data.toString();
  });
  const end = await handle.result;
  if (end.kind !== 'exit' || end.code !== 0) {
    throw new Error(end.kind === 'exit' ? `exit code ${end.code}` : end.kind);
  }
  return out;
}

/** Kills what run `runId` left running on `node`; resolves with what was killed. */
export async function reapOrphans(
  connection: SshConnection,
  runId: string,
  node: PlanNode,
): Promise<ReapedProcess[]> {
  return parseReaped(await capture(connection, reaperScript(runId, node.id, node.ssh?.user ?? 'root')));
}

/** Removes the run's trace files on a node once the run is done. */
export async function removeTraces(connection: SshConnection, runId: string, node: PlanNode): Promise<void> {
  await capture(connection, traceCleanupScript(runId, node.id, node.ssh?.user ?? 'root'));
}

/** The node's output lines about reaped processes. */
export function describeReaped(reaped: ReapedProcess[]): string {
  if (reaped.length === 0) return '';
  const groups = new Set(reaped.map((r) => r.pgid)).size;
  return (
    `killed ${reaped.length} process${reaped.length === 1 ? '' : 'es'} in ${groups} group${groups === 1 ? '' : 's'} left running by an earlier Quorum session:\n` +
    reaped.map((r) => `  pid ${r.pid} (group ${r.pgid}): ${r.command}\n`).join('')
  );
}

/** What the runner lends these helpers: its connections and a way to write to a node's output. */
export interface OrphanContext {
  runId: string;
  connect: (node: PlanNode) => Promise<SshConnection>;
  note: (node: string, text: string) => void;
}

/**
 * Before anything re-runs: on every given node, kill what an earlier session of this run left running
 * (the commands of tasks now `unknown`), and say so in the node's output. Call it only while no task of
 * this run is running, or it would kill them too.
 */
export async function reapLeftovers(nodes: PlanNode[], context: OrphanContext): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      try {
        const text = describeReaped(await reapOrphans(await context.connect(node), context.runId, node));
        if (text) context.note(node.id, `${YELLOW}${text}${RESET}`);
      } catch (error) {
        context.note(
          node.id,
          `${YELLOW}could not check for processes left running by an earlier session: ${(error as Error).message}${RESET}\n`,
        );
      }
    }),
  );
}

/** After a finished run: remove its trace files from the nodes (best effort: they are tiny). */
export async function removeAllTraces(nodes: PlanNode[], context: OrphanContext): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      try {
        await removeTraces(await context.connect(node), context.runId, node);
      } catch {
        // The next reap removes them.
      }
    }),
  );
}
