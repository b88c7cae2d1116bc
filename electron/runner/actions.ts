/**
 * What each plan action runs on a node: the command line, what goes to its stdin, and how its result is
 * judged. Secrets are filled in here, at the last moment, from the values the runner holds.
 */
import type { Action, Expectation } from '../../shared/plan/types';
import { SECRET_REFERENCE } from '../../shared/plan/types';
import { shellQuote } from '../ssh/remote-command';

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
