/**
 * What each plan action runs on a node: the command line, what goes to its stdin, and how its result is
 * judged. Secrets are filled in here, at the last moment, from the values the runner holds.
 */
import type { Action, Expectation } from '../../shared/plan/types';
import type { TaskState } from '../../shared/deploy/run-state';
import type { CommandEnd } from '../ssh/remote-command';
import { SECRET_REFERENCE } from '../../shared/plan/types';
import { shellQuote } from '../../shared/shell/quote';

/** Replaces `{{secret:NAME}}` with values; a missing value is an error naming the secret. */
export function fillSecrets(text: string, secrets: ReadonlyMap<string, string>): string {
  return text.replace(new RegExp(SECRET_REFERENCE.source, 'g'), (_, name: string) => {
    const value = secrets.get(name);
    if (value === undefined) throw new Error(`the secret "${name}" has no value`);
    return value;
  });
}

/**
 * Writes a file atomically: a temp file in the same folder, owner, group and mode set on it, then a
 * rename over the target, so a reader never sees half a file and a failed write leaves the old one.
 */
export function writeFileCommand(action: Extract<Action, { kind: 'write-file' }>): string {
  const path = shellQuote(action.path);
  const dir = shellQuote(action.path.replace(/\/[^/]*$/, '') || '/');
  const owner = shellQuote(`${action.owner}:${action.group}`);
  return [
    `mkdir -p ${dir}`,
    `t=$(mktemp ${dir}/.quorum-write.XXXXXX)`,
    `cat > "$t"`,
    `chown ${owner} "$t"`,
    `chmod ${shellQuote(action.mode)} "$t"`,
    `mv -f "$t" ${path} || { rm -f "$t"; exit 1; }`,
  ].join(' && ');
}

/** Whether a check's output meets its expectation; the reason when not. */
export function meetsExpectation(expect: Expectation, exitCode: number, stdout: string): string | null {
  switch (expect.kind) {
    case 'exit-zero':
      return exitCode === 0 ? null : `exit code ${exitCode}`;
    case 'stdout-contains':
      return stdout.includes(expect.text) ? null : `output does not contain ${JSON.stringify(expect.text)}`;
    case 'stdout-matches':
      return new RegExp(expect.pattern, 'm').test(stdout)
        ? null
        : `output does not match /${expect.pattern}/`;
    case 'stdout-equals':
      return stdout.trim() === expect.text.trim() ? null : `output is not ${JSON.stringify(expect.text)}`;
  }
}

/** The last lines of a text (for failure messages). */
export function tail(text: string, lines = 20, chars = 4000): string {
  return text
    .split('\n')
    .slice(-lines - 1)
    .join('\n')
    .slice(-chars)
    .trimEnd();
}

/** How a task ended, before it is journalled. */
export type Outcome = Pick<TaskState, 'message' | 'exitCode' | 'stderrTail'> & {
  status: 'ok' | 'failed' | 'unknown';
};

/** Terminal colours of Quorum's own lines. */
export const BOLD = '\x1b[1m';
export const DIM = '\x1b[2m';
export const RED = '\x1b[31m';
export const GREEN = '\x1b[32m';
export const YELLOW = '\x1b[33m';
export const RESET = '\x1b[0m';

/** How a command ended, in one line. */
export function describeEnd(end: CommandEnd): string {
  switch (end.kind) {
    case 'exit':
      return `exit code ${end.code}`;
    case 'signal':
      return `killed by signal ${end.signal}`;
    case 'unknown':
      return `outcome unknown: ${end.reason}`;
    case 'timeout':
      return `timed out after ${end.afterMs / 1000} s`;
    case 'cancelled':
      return 'cancelled';
    case 'sudo-failed':
      return end.message;
  }
}

/** A command run for an action, with its captured output. */
export type ActionExec = (
  command: string,
  sudo: boolean,
  stdin?: string,
  timeoutMs?: number,
) => Promise<{ end: CommandEnd; stdout: string; stderr: string }>;

export interface ActionContext {
  /** Writes one of Quorum's own lines to the node's output. */
  note: (text: string) => void;
  exec: ActionExec;
  secrets: ReadonlyMap<string, string>;
  aborted: () => boolean;
}

/** Runs one action of a step on a node and judges it. */
export async function runAction(action: Action, ctx: ActionContext): Promise<Outcome> {
  const { exec, note, secrets } = ctx;
  const fail = (end: CommandEnd, stderr: string, extra?: string): Outcome => ({
    status: end.kind === 'unknown' ? 'unknown' : 'failed',
    message: extra ?? describeEnd(end),
    exitCode: end.kind === 'exit' ? end.code : null,
    stderrTail: stderr ? tail(stderr) : null,
  });
  const ok: Outcome = { status: 'ok', message: null, exitCode: 0, stderrTail: null };
  if (action.kind === 'run') {
    note(`${DIM}$ ${action.command}${RESET}\n`);
    const r = await exec(fillSecrets(action.command, secrets), action.sudo, undefined, action.timeoutMs);
    if (r.end.kind === 'exit' && action.okExitCodes.includes(r.end.code)) return ok;
    return fail(r.end, r.stderr);
  }
  if (action.kind === 'write-file') {
    note(`${DIM}write ${action.path} (${action.owner}:${action.group} ${action.mode})${RESET}\n`);
    const r = await exec(writeFileCommand(action), action.sudo, fillSecrets(action.content, secrets));
    if (r.end.kind === 'exit' && r.end.code === 0) return ok;
    return fail(r.end, r.stderr);
  }
  const attempts = action.retry?.attempts ?? 1;
  for (let attempt = 1; ; attempt++) {
    note(`${DIM}check${attempts > 1 ? ` (${attempt}/${attempts})` : ''}: ${action.command}${RESET}\n`);
    const r = await exec(fillSecrets(action.command, secrets), action.sudo);
    if (r.end.kind !== 'exit') return fail(r.end, r.stderr);
    const problem = meetsExpectation(action.expect, r.end.code, r.stdout);
    if (!problem) return ok;
    if (attempt >= attempts || ctx.aborted()) {
      return fail(
        r.end,
        r.stderr,
        `check failed: ${problem}${action.description ? ` (${action.description})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, action.retry!.intervalMs));
  }
}
