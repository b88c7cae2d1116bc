/**
 * Text for `quorum deploy`: the preflight problems with their fixes, the step summary, and the
 * verification matrix (checks × nodes, green/red) followed by each red cell's observed value and fix.
 */
import type { PreflightRow } from '../../shared/api/operations/deploy';
import type { RunState } from '../../shared/deploy/run-state';
import type { Plan } from '../../shared/plan/types';
import { type CheckResult, type VerifyReport, reportCounts } from '../../shared/verify/types';

const GREEN = 32;
const RED = 31;
const YELLOW = 33;

function paint(colour: boolean, code: number, text: string): string {
  return colour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** Nodes that are not ready, each with what is wrong and the fix; unknown host keys with their fingerprint. */
export function formatPreflight(rows: PreflightRow[], knownHostsPath: string, colour: boolean): string {
  const lines = ['Preflight: not every node is ready; nothing was changed.'];
  for (const row of rows) {
    lines.push(
      `  ${paint(colour, RED, '✘')} ${row.hostname} (${row.target}): ${row.problem ?? 'sudo failed'}`,
    );
    if (row.hostKey) {
      lines.push(
        `      host key ${row.hostKey.keyType} ${row.hostKey.fingerprint} is not trusted: compare it with the node's`,
        `      (ssh-keygen -lf /etc/ssh/ssh_host_${row.hostKey.keyType.replace(/^ssh-/, '')}_key.pub) and add its line to ${knownHostsPath}`,
      );
    } else if (row.fix) {
      lines.push(`      fix: ${row.fix}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One line per step: ok on every node, already done (guard), or which node failed and why. */
export function formatSteps(plan: Plan, run: RunState, colour: boolean): string {
  const host = (id: string) => plan.nodes.find((n) => n.id === id)?.hostname ?? id;
  const lines = [`Run ${run.runId}: ${run.status}`];
  for (const step of plan.steps) {
    const tasks = Object.entries(run.tasks[step.id] ?? {});
    const bad = tasks.filter(([, t]) => t.status !== 'ok' && t.status !== 'skipped');
    const guarded = tasks.filter(([, t]) => t.byGuard).length;
    const mark =
      bad.length === 0
        ? paint(colour, GREEN, '✔')
        : bad.some(([, t]) => t.status === 'failed' || t.status === 'unknown')
          ? paint(colour, RED, '✘')
          : paint(colour, YELLOW, '·');
    const note =
      bad.length === 0
        ? guarded === tasks.length && tasks.length > 0
          ? 'already done'
          : `ok on ${tasks.length} node${tasks.length === 1 ? '' : 's'}`
        : bad.map(([node, t]) => `${host(node)} ${t.status}${t.message ? ` (${t.message})` : ''}`).join('; ');
    lines.push(`  ${mark} ${cut(step.id, 34)} ${note}`);
    for (const [node, t] of bad)
      if (t.stderrTail)
        lines.push(
          ...t.stderrTail
            .trim()
            .split('\n')
            .slice(-3)
            .map((l) => `      ${host(node)}: ${l}`),
        );
  }
  return `${lines.join('\n')}\n`;
}

function mark(result: CheckResult | undefined, colour: boolean): string {
  if (!result) return '';
  if (result.status === 'pass') return paint(colour, GREEN, '✔');
  return paint(colour, result.status === 'fail' ? RED : YELLOW, result.status === 'fail' ? '✘' : '?');
}

/** The matrix: a row per check, a column per node; then every red cell with its observed value and fix. */
export function formatMatrix(report: VerifyReport, colour: boolean): string {
  const counts = reportCounts(report);
  const width = 22;
  const titleWidth = 46;
  const lines = [
    '',
    `Verification: ${report.checks.length} check${report.checks.length === 1 ? '' : 's'} on ${report.nodes.length} node${report.nodes.length === 1 ? '' : 's'} — ${counts.pass} green, ${counts.fail + counts.error} red`,
    `  ${cut('Check', titleWidth)} ${report.nodes.map((n) => cut(n.hostname, width)).join(' ')}`.trimEnd(),
  ];
  const cell = (check: string, node: string) =>
    report.results.find((r) => r.check === check && r.node === node);
  for (const check of report.checks) {
    const cells = report.nodes.map((n) => {
      const r = cell(check.id, n.id);
      if (!r) return cut(check.nodes.includes(n.id) ? '…' : '', width);
      return `${mark(r, colour)} ${cut(r.observed, width - 2)}`;
    });
    lines.push(`  ${cut(`${check.group}: ${check.title}`, titleWidth)} ${cells.join(' ')}`.trimEnd());
  }
  const red = report.results.filter((r) => r.status !== 'pass');
  if (red.length > 0) lines.push('', 'Red:');
  for (const r of red) {
    const check = report.checks.find((c) => c.id === r.check)!;
    const host = report.nodes.find((n) => n.id === r.node)?.hostname ?? r.node;
    lines.push(
      `  ${mark(r, colour)} ${check.id} on ${host}: ${r.observed}${r.expected ? ` (expected ${r.expected})` : ''}`,
      `      fix: ${check.fix}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
