/**
 * `quorum validate design.quorum [--json]`: runs the HA rules and the single-failure sweep headless.
 * Exit 0 when there is no error finding, 1 when there is, 2 when the file itself cannot be used.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeFileError, parseProjectFile, type ProjectFileError } from '../../shared/design/project-file';
import type { Finding } from '../../shared/rules/types';
import { countBySeverity, validate } from '../../shared/rules/validate';
import { describeSweep, singleFailureSweep } from '../../shared/simulation/sweep';

/** Where the command writes; the CLI passes process streams, tests collect strings. */
export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Exit codes of `quorum validate`. */
export const EXIT = { ok: 0, errors: 1, badFile: 2 } as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function humanFinding(f: Finding, hostname: (id: string) => string): string {
  const label = f.severity.toUpperCase().padEnd(7);
  const lines = [`  ${label} ${f.ruleId}: ${f.message}`];
  const concerns = [
    ...(f.nodes.length ? [`nodes ${f.nodes.map(hostname).join(', ')}`] : []),
    ...(f.networks.length ? [`networks ${f.networks.join(', ')}`] : []),
    ...(f.vips.length ? [`VIPs ${f.vips.join(', ')}`] : []),
  ];
  if (concerns.length) lines.push(`          concerns: ${concerns.join('; ')}`);
  lines.push(`          see: ${f.reference.document} › ${f.reference.section}`);
  return lines.join('\n');
}

function fileErrorJson(file: string, error: ProjectFileError) {
  return { file, ok: false, error, message: describeFileError(error) };
}

/** Runs `quorum validate` with `argv` (the words after `validate`); returns the exit code. */
export async function validateCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) {
    io.err('quorum validate: expected one project file, e.g. `quorum validate design.quorum [--json]`');
    return EXIT.badFile;
  }
  const file = positionals[0]!;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const message = `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    if (values.json)
      io.out(JSON.stringify({ file, ok: false, error: { kind: 'unreadable', message } }, null, 2));
    else io.err(`quorum validate: ${message}`);
    return EXIT.badFile;
  }
  const parsed = parseProjectFile(text);
  if (!parsed.ok) {
    if (values.json) io.out(JSON.stringify(fileErrorJson(file, parsed.error), null, 2));
    else {
      io.err(`quorum validate: ${file} is not a usable project file:`);
      io.err(
        describeFileError(parsed.error)
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
      );
    }
    return EXIT.badFile;
  }
  const design = parsed.design;
  const findings = validate(design);
  const counts = countBySeverity(findings);
  const hostnames = new Map(design.nodes.map((n) => [n.id, n.hostname]));
  const hostname = (id: string) => hostnames.get(id) ?? id;
  const sweep = singleFailureSweep(design);
  const summary = describeSweep(sweep, hostname);
  const code = counts.error > 0 ? EXIT.errors : EXIT.ok;
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          file,
          ok: code === EXIT.ok,
          counts,
          findings,
          singleFailure: {
            survives: sweep.survives,
            summary,
            worst:
              sweep.worst && !sweep.survives
                ? { failed: sweep.worst.failed, broken: sweep.worst.result.broken }
                : null,
          },
        },
        null,
        2,
      ),
    );
    return code;
  }
  io.out(
    `${file}: ${design.name} — ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info`,
  );
  for (const f of findings) io.out(humanFinding(f, hostname));
  io.out(summary);
  return code;
}
