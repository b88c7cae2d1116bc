/**
 * One task: a step on one node. Its guard runs first (already done → `ok` by guard); then its actions.
 * When the guard and the first action are both plain commands with the same sudo, they go out as ONE
 * remote command: a step then costs one SSH session instead of two (a session is what costs most on a
 * node: sshd forks, the login shell starts and reads its rc files). The journal's `started` record is
 * then written before that command, since the action may start inside it: a crash while only the guard
 * ran leaves the task `unknown`, and unknown tasks are re-checked by their guard before anything re-runs.
 */
import type { PlanNode, Step } from '../../shared/plan/types';
import type { ConnectionPool } from './connection-pool';
import type { OutputPump } from './output-pump';
import type { CommandEnd } from '../ssh/remote-command';
import { shellQuote } from '../../shared/shell/quote';
import { RemoteCommand } from '../ssh/remote-command';
import { SshError, suggestedFix } from '../ssh/errors';
import { BOLD, DIM, RESET, describeEnd, fillSecrets, runAction, tail, type Outcome } from './actions';

export interface TaskContext {
  runId: string;
  node: PlanNode;
  pool: ConnectionPool;
  pump: OutputPump;
  secrets: ReadonlyMap<string, string>;
  signal: AbortSignal;
  /** Journals `started` (fsynced) before anything on the node may change. */
  started: () => Promise<void>;
}

export type TaskOutcome = Outcome & { byGuard?: boolean };

const failed = (message: string): TaskOutcome => ({
  status: 'failed',
  message,
  exitCode: null,
  stderrTail: null,
});

/** guard ; if it fails: the marker on stderr, then the action (exec'd: its exit or signal is the end). */
export function guardThenAction(guard: string, action: string, marker: string): string {
  return `if sh -c ${shellQuote(guard)}; then exit 0; fi; printf '%s\\n' ${shellQuote(marker)} >&2; exec sh -c ${shellQuote(action)}`;
}

export async function executeTask(step: Step, ctx: TaskContext, wasUnknown: boolean): Promise<TaskOutcome> {
  const nodeId = ctx.node.id;
  const note = (text: string) => ctx.pump.note(nodeId, text);
  note(`${BOLD}▶ ${step.title}${RESET} ${DIM}[${step.id}]${RESET}\n`);
  let connection;
  try {
    connection = await ctx.pool.get(ctx.node);
  } catch (error) {
    return failed(
      error instanceof SshError ? `${error.message}. ${suggestedFix(error.kind)}` : (error as Error).message,
    );
  }
  const exec = async (
    command: string,
    sudo: boolean,
    stdin?: string,
    timeoutMs?: number,
    stage?: { marker: string; onStage: () => void },
  ) => {
    const handle = await connection.run(command, {
      sudo,
      ...(stdin === undefined ? {} : { stdin }),
      ...(timeoutMs ? { timeoutMs } : {}),
      signal: ctx.signal,
      trace: { run: ctx.runId, node: nodeId },
      ...(stage ? { stageMarker: stage.marker, onStage: stage.onStage } : {}),
      notice: (text) => note(`${DIM}${text}${RESET}`),
    });
    let stdout = '';
    let stderr = '';
    handle.onData((stream, data) => {
      if (stream === 'stdout' && stdout.length < 1 << 20) stdout += data.toString();
      if (stream === 'stderr') stderr = (stderr + data.toString()).slice(-8192);
    });
    ctx.pump.attach(nodeId, handle);
    return { end: await handle.result, stdout, stderr, staged: handle.staged };
  };
  const actions = step.actions;
  if (step.guard) {
    // Guards that compare whole files are long: the first line, cut, is enough to follow along.
    const shown = step.guard.command.split('\n')[0]!;
    note(
      `${DIM}guard: ${shown.length > 160 || shown !== step.guard.command ? `${shown.slice(0, 160)}…` : shown}${RESET}\n`,
    );
    let guardCommand: string;
    try {
      guardCommand = fillSecrets(step.guard.command, ctx.secrets);
    } catch (error) {
      return failed(`guard: ${(error as Error).message}`);
    }
    const first = actions[0];
    if (first?.kind === 'run' && first.sudo === step.guard.sudo) {
      let actionCommand: string;
      try {
        actionCommand = fillSecrets(first.command, ctx.secrets);
      } catch (error) {
        return failed((error as Error).message);
      }
      await ctx.started();
      const marker = `__quorum_${RemoteCommand.token()}_guard_failed__`;
      const r = await exec(
        guardThenAction(guardCommand, actionCommand, marker),
        first.sudo,
        undefined,
        first.timeoutMs,
        { marker, onStage: () => note(`${DIM}$ ${first.command}${RESET}\n`) },
      );
      return r.staged
        ? (judgeRun(r.end, r.stderr, first.okExitCodes) ?? runActions(actions.slice(1)))
        : judgeGuard(r.end, true);
    }
    const guard = await exec(guardCommand, step.guard.sudo);
    if (guard.end.kind !== 'exit' || guard.end.code === 0) return judgeGuard(guard.end, wasUnknown);
  } else if (wasUnknown && !step.rerunSafe) {
    return {
      status: 'unknown',
      message:
        'it may have run before Quorum stopped; it has no guard and is not safe to re-run: check the node, then Retry or Skip',
      exitCode: null,
      stderrTail: null,
    };
  }
  await ctx.started();
  return runActions(actions);

  async function runActions(list: typeof actions): Promise<TaskOutcome> {
    for (const action of list) {
      const outcome = await runAction(action, {
        note,
        exec,
        secrets: ctx.secrets,
        aborted: () => ctx.signal.aborted,
      });
      if (outcome.status !== 'ok') return outcome;
    }
    return { status: 'ok', message: null, exitCode: 0, stderrTail: null };
  }
}

/**
 * A guard that decided: exit 0 is "already done". Any other end (connection lost, timeout) is unknown
 * when the action may have run (`mayHaveRun`), else a failure of the guard.
 */
function judgeGuard(end: CommandEnd, mayHaveRun: boolean): TaskOutcome {
  if (end.kind === 'exit' && end.code === 0) {
    return { status: 'ok', message: null, exitCode: 0, stderrTail: null, byGuard: true };
  }
  return {
    status: mayHaveRun ? 'unknown' : 'failed',
    message: `guard: ${describeEnd(end)}`,
    exitCode: null,
    stderrTail: null,
  };
}

/** The result of a `run` action that ran inside the batched command; null when it succeeded. */
function judgeRun(end: CommandEnd, stderr: string, okExitCodes: number[]): TaskOutcome | null {
  if (end.kind === 'exit' && okExitCodes.includes(end.code)) return null;
  return {
    status: end.kind === 'unknown' ? 'unknown' : 'failed',
    message: describeEnd(end),
    exitCode: end.kind === 'exit' ? end.code : null,
    stderrTail: stderr ? tail(stderr) : null,
  };
}
