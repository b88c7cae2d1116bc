/**
 * Pure judges of verification output: given what a node printed, is the check green, and what did the
 * node say in a few words (the "observed" value shown in the matrix)?
 */
import type { CheckResult, CheckStatus, Judge, VerifyCheck } from './types';

/** What a command returned. */
export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A judge's answer. */
export interface Verdict {
  pass: boolean;
  observed: string;
  expected: string;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What a failing command said: its stderr's last line, else its stdout's, else its exit code. */
function failure(out: CommandOutput): string {
  const last = (text: string) => text.trim().split('\n').pop()?.trim();
  const err = last(out.stderr) || last(out.stdout);
  return err ? `exit ${out.exitCode}: ${shorten(err, 70)}` : `exit ${out.exitCode}`;
}

/** Parses HAProxy's stats CSV (`# pxname,svname,…` header) into rows keyed by column name. */
export function parseHaproxyCsv(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines.find((l) => l.startsWith('# '));
  if (!header) return [];
  const columns = header.slice(2).split(',');
  return lines
    .filter((l) => !l.startsWith('#'))
    .map((l) => {
      const cells = l.split(',');
      return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
    });
}

function judgeHaproxy(backend: string, out: CommandOutput): Verdict {
  const expected = `exactly 1 active server UP in ${backend}`;
  const servers = parseHaproxyCsv(out.stdout).filter(
    (r) => r.pxname === backend && r.svname !== 'FRONTEND' && r.svname !== 'BACKEND',
  );
  if (servers.length === 0) {
    return { pass: false, observed: out.exitCode === 0 ? `no ${backend} servers` : failure(out), expected };
  }
  const up = (r: Record<string, string>) => (r.status ?? '').startsWith('UP');
  const activeUp = servers.filter((r) => r.act === '1' && up(r));
  const describe = servers.map((r) => `${r.svname} ${r.status}${r.bck === '1' ? ' (backup)' : ''}`);
  return {
    pass: activeUp.length === 1,
    observed: `${activeUp.length} active UP: ${describe.join(', ')}`,
    expected,
  };
}

function judgeRabbit(expected: string[], out: CommandOutput): Verdict {
  const want = [...expected].sort();
  const expectedText = `running: ${want.join(' ')}`;
  if (out.exitCode !== 0) return { pass: false, observed: failure(out), expected: expectedText };
  let running: string[];
  try {
    const json = out.stdout.slice(out.stdout.indexOf('{'));
    const parsed = JSON.parse(json) as { running_nodes?: unknown };
    running = Array.isArray(parsed.running_nodes) ? parsed.running_nodes.map(String).sort() : [];
  } catch {
    return { pass: false, observed: `not JSON: ${shorten(firstLine(out.stdout))}`, expected: expectedText };
  }
  const missing = want.filter((n) => !running.includes(n));
  return {
    pass: missing.length === 0 && running.length === want.length,
    observed: `running: ${running.join(' ') || 'none'}${missing.length ? `; missing ${missing.join(' ')}` : ''}`,
    expected: expectedText,
  };
}

function judgePacemaker(nodes: string[], out: CommandOutput): Verdict {
  const expected = `online: ${nodes.join(' ')}; every resource started`;
  if (out.exitCode !== 0 && !/Online:/.test(out.stdout))
    return { pass: false, observed: failure(out), expected };
  const online = new Set(
    [...out.stdout.matchAll(/Online:\s*\[([^\]]*)\]/g)].flatMap((m) => m[1]!.trim().split(/\s+/)),
  );
  const offline = nodes.filter((n) => !online.has(n));
  const bad = out.stdout
    .split('\n')
    .filter((l) => /\bStopped\b|\bFAILED\b|\bblocked\b/.test(l) && !/^\s*\*?\s*Online:/.test(l))
    .map((l) => l.replace(/^[\s*]+/, '').replace(/\s+/g, ' '));
  const failedActions = /Failed (Resource )?Actions:/.test(out.stdout);
  const problems = [
    ...(offline.length ? [`offline: ${offline.join(' ')}`] : []),
    ...bad.slice(0, 3),
    ...(failedActions ? ['failed actions listed'] : []),
  ];
  return {
    pass: problems.length === 0,
    observed: problems.length ? shorten(problems.join('; '), 120) : `online: ${[...online].join(' ')}`,
    expected,
  };
}

function judgeListening(address: string, port: number, out: CommandOutput): Verdict {
  const expected = `listening on ${address}:${port}`;
  const locals = out.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[3])
    .filter((a): a is string => !!a && a.endsWith(`:${port}`));
  const wanted = [`${address}:${port}`, `0.0.0.0:${port}`, `*:${port}`, `[::]:${port}`];
  const hit = locals.find((a) => wanted.includes(a));
  const others = locals.filter((a) => a !== hit);
  return {
    pass: hit !== undefined,
    observed: locals.length
      ? `listening on ${[...(hit ? [hit] : []), ...others].join(', ')}`
      : `nothing on port ${port}`,
    expected,
  };
}

/** Judges one node's output for a judge. */
export function judgeOutput(judge: Judge, out: CommandOutput): Verdict {
  switch (judge.kind) {
    case 'equals': {
      const value = out.stdout.trim();
      const said = out.stderr.trim().split('\n').pop()?.trim();
      const empty = said ? `(empty) ${shorten(said, 70)}` : '(empty)';
      const observed = out.exitCode !== 0 ? failure(out) : value === '' ? empty : shorten(value);
      return { pass: out.exitCode === 0 && value === judge.expected, observed, expected: judge.expected };
    }
    case 'matches': {
      const re = new RegExp(judge.pattern, 'm');
      const match = re.exec(out.stdout);
      const observed = match
        ? shorten(match[0].trim().replace(/\s+/g, ' '))
        : out.exitCode !== 0
          ? failure(out)
          : shorten(firstLine(out.stdout)) || '(empty)';
      return { pass: match !== null, observed, expected: judge.expected };
    }
    case 'exit-zero':
      return {
        pass: out.exitCode === 0,
        observed: out.exitCode === 0 ? shorten(firstLine(out.stdout)) || 'exit 0' : failure(out),
        expected: 'exit 0',
      };
    case 'haproxy-one-active':
      return judgeHaproxy(judge.backend, out);
    case 'rabbit-running':
      return judgeRabbit(judge.expected, out);
    case 'pacemaker-healthy':
      return judgePacemaker(judge.nodes, out);
    case 'listening':
      return judgeListening(judge.address, judge.port, out);
  }
}

/** A node's result before cross-node judging: a verdict, or an error (could not ask the node). */
export type NodeOutcome =
  | { node: string; verdict: Verdict; tail: string; exitCode: number }
  | { node: string; error: string; tail: string; exitCode: number | null };

/**
 * Turns every node's outcome of one check into matrix cells. For `exactly-one` checks a node's verdict
 * says whether it "has it"; all cells are green when exactly one node has it, red otherwise.
 */
export function resultsOf(
  check: VerifyCheck,
  outcomes: NodeOutcome[],
  hostnames: Map<string, string>,
): CheckResult[] {
  const cell = (o: NodeOutcome, status: CheckStatus, observed: string, expected: string): CheckResult => ({
    check: check.id,
    node: o.node,
    status,
    observed,
    expected,
    tail: o.tail,
    exitCode: o.exitCode,
  });
  if (check.across === 'each') {
    return outcomes.map((o) =>
      'error' in o
        ? cell(o, 'error', o.error, '')
        : cell(o, o.verdict.pass ? 'pass' : 'fail', o.verdict.observed, o.verdict.expected),
    );
  }
  const holders = outcomes
    .filter((o) => 'verdict' in o && o.verdict.pass)
    .map((o) => hostnames.get(o.node) ?? o.node);
  const unknown = outcomes.some((o) => 'error' in o);
  const expected = 'exactly one node';
  const summary = `held by ${holders.length === 0 ? 'no node' : holders.join(', ')}`;
  return outcomes.map((o) => {
    if ('error' in o) return cell(o, 'error', o.error, expected);
    const here = o.verdict.pass ? 'here' : 'not here';
    const ok = holders.length === 1 && !unknown;
    return cell(o, ok ? 'pass' : 'fail', `${here}; ${summary}`, expected);
  });
}
