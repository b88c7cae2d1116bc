/**
 * `quorum plan DESIGN [--json]` and `quorum runbook DESIGN -o FILE.html|.md [--secrets FILE.json]`:
 * compile a project file headless. Secrets stay masked unless a JSON file of values is given.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { describeFileError, parseProjectFile } from '../../shared/design/project-file';
import type { Design } from '../../shared/design/schema';
import { compilePlan } from '../../shared/plan/compile';
import type { Plan } from '../../shared/plan/types';
import { buildRunbook } from '../../shared/runbook/model';
import { PHASE_TITLES, runbookHtml, runbookMarkdown } from '../../shared/runbook/render';

/** A usage problem (exit code 2), as opposed to a bad file (exit code 1). */
import { UsageError } from './usage-error';

/** Reads and parses a project file (usage error without a path, error on a bad file). */
export async function loadDesign(path: string | undefined): Promise<Design> {
  if (!path) throw new UsageError('missing the design file (a .quorum project file)');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = parseProjectFile(text);
  if (!parsed.ok) throw new Error(`${path}: ${describeFileError(parsed.error)}`);
  return parsed.design;
}

/** The plan as text: phases, then each step with its id and target hosts. */
export function planSummary(plan: Plan): string {
  const hostnames = new Map(plan.nodes.map((n) => [n.id, n.hostname]));
  const lines = [
    `${plan.designName} — OpenStack ${plan.release}, ${plan.distro} family: ${plan.steps.length} steps`,
  ];
  let phase = '';
  for (const step of plan.steps) {
    if (step.phase !== phase) {
      phase = step.phase;
      lines.push('', `${PHASE_TITLES[phase] ?? phase}`);
    }
    const targets = step.targets.nodes.map((id) => hostnames.get(id) ?? id).join(', ');
    lines.push(`  ${step.id.padEnd(36)} ${step.title}  [${targets}]`);
  }
  lines.push('', `Secrets referenced: ${plan.secrets.map((s) => s.name).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function scopeOf(value: string | undefined): 'full' | 'infrastructure' {
  if (value === undefined || value === 'full' || value === 'infrastructure') return value ?? 'full';
  throw new UsageError(`--scope: "full" or "infrastructure", not "${value}"`);
}

/** `quorum plan`. */
export async function planCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, scope: { type: 'string', default: 'full' } },
    allowPositionals: true,
    strict: true,
  });
  const plan = compilePlan(await loadDesign(positionals[0]), { scope: scopeOf(values.scope) });
  process.stdout.write(values.json ? `${JSON.stringify(plan, null, 2)}\n` : planSummary(plan));
}

/** `quorum runbook`. */
export async function runbookCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      output: { type: 'string', short: 'o' },
      secrets: { type: 'string' },
      scope: { type: 'string', default: 'full' },
    },
    allowPositionals: true,
    strict: true,
  });
  const output = values.output;
  if (!output) throw new UsageError('missing -o FILE (.html or .md)');
  const format = extname(output).toLowerCase();
  if (format !== '.html' && format !== '.htm' && format !== '.md') {
    throw new UsageError(`-o ${output}: the runbook is written as .html or .md`);
  }
  const design = await loadDesign(positionals[0]);
  let secrets: Record<string, string> | undefined;
  if (values.secrets) {
    const raw: unknown = JSON.parse(await readFile(values.secrets, 'utf8'));
    if (typeof raw !== 'object' || raw === null || Object.values(raw).some((v) => typeof v !== 'string')) {
      throw new Error(`${values.secrets}: expected a JSON object of secret names to string values`);
    }
    secrets = raw as Record<string, string>;
  }
  const plan = compilePlan(design, { scope: scopeOf(values.scope) });
  const runbook = buildRunbook(design, plan, {
    secrets,
    generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  });
  await writeFile(output, format === '.md' ? runbookMarkdown(runbook) : runbookHtml(runbook, design));
  console.log(
    `Runbook written to ${output} (${plan.steps.length} steps${secrets ? ', WITH SECRETS' : ', secrets masked'}).`,
  );
}
