import type { z } from 'zod';
import { CURRENT_SCHEMA_VERSION, Design } from './schema';
import { declaredVersion, isObject, migrate } from './migrations';
import { jsonErrorOffset, lineAndColumnAt } from './json-error';

/** One thing wrong with a project file, named by where it is: `nodes[2].nics[0].address`. */
export interface FileProblem {
  path: string;
  message: string;
}

/** Why a project file cannot be opened. */
export type ProjectFileError =
  | { kind: 'syntax'; message: string; line: number | null; column: number | null }
  | { kind: 'newer-version'; version: number; supported: number }
  | { kind: 'invalid'; problems: FileProblem[] };

export type ParseResult =
  { ok: true; design: Design; migratedFrom: number | null } | { ok: false; error: ProjectFileError };

/** Formats a path such as `['nodes', 2, 'nics', 0, 'address']` as `nodes[2].nics[0].address`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(file)';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Turns zod issues into problems a person can act on, one per field. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], input: unknown): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type') {
      const actual = valueAt(input, issue.path);
      message =
        actual === undefined
          ? 'required'
          : `expected ${String(issue.expected)}, found ${describeType(actual)}`;
    } else if (issue.code === 'invalid_value') {
      message = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (issue.code === 'invalid_union' && 'discriminator' in issue) {
      message = `unknown ${String(issue.discriminator)}`;
    }
    problems.push({ path: formatPath(issue.path), message });
  }
  return problems;
}

/**
 * A syntax error by position only. JSON.parse's own message quotes the text around the error
 * (`Unexpected token 'r', "root:x:0:0"... is not valid JSON`), which would hand the first bytes of any file
 * the server can read to whoever asked it to open that file; the position is enough to find the fault.
 */
function syntaxError(text: string): ProjectFileError {
  const offset = jsonErrorOffset(text);
  const at = offset === null ? { line: null, column: null } : lineAndColumnAt(text, offset);
  const reason =
    offset !== null && offset >= text.length ? 'the file ends too early' : 'unexpected character';
  return { kind: 'syntax', message: reason, ...at };
}

/**
 * Validates a design already in memory (as the backend does before every save), with the same problem
 * format as a file.
 */
export function checkDesign(
  value: unknown,
): { ok: true; design: Design } | { ok: false; problems: FileProblem[] } {
  const result = Design.safeParse(value);
  if (result.success) return { ok: true, design: result.data };
  return { ok: false, problems: problemsFromIssues(result.error.issues, value) };
}

/**
 * Parses the text of a project file: JSON syntax, then the version (newer refused, older migrated), then
 * the schema. Pure: the caller reads and writes files.
 */
export function parseProjectFile(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: syntaxError(text) };
  }
  if (!isObject(raw)) {
    return {
      ok: false,
      error: {
        kind: 'invalid',
        problems: [{ path: '(file)', message: `expected an object, found ${describeType(raw)}` }],
      },
    };
  }
  const declared = declaredVersion(raw);
  if ('problem' in declared) {
    return {
      ok: false,
      error: { kind: 'invalid', problems: [{ path: 'schemaVersion', message: declared.problem }] },
    };
  }
  const { version } = declared;
  if (version > CURRENT_SCHEMA_VERSION) {
    return { ok: false, error: { kind: 'newer-version', version, supported: CURRENT_SCHEMA_VERSION } };
  }
  const doc = version < CURRENT_SCHEMA_VERSION ? migrate(raw, version, CURRENT_SCHEMA_VERSION) : raw;
  const checked = checkDesign(doc);
  if (!checked.ok) return { ok: false, error: { kind: 'invalid', problems: checked.problems } };
  return {
    ok: true,
    design: checked.design,
    migratedFrom: version < CURRENT_SCHEMA_VERSION ? version : null,
  };
}

/** The file text for a design: stable key order, two-space indent, trailing newline (diff-friendly). */
export function serializeDesign(design: Design): string {
  return `${JSON.stringify(design, null, 2)}\n`;
}

/** A one-paragraph description of a file error, for logs and the CLI. */
export function describeFileError(error: ProjectFileError): string {
  switch (error.kind) {
    case 'syntax':
      return error.line !== null
        ? `not valid JSON at line ${error.line}, column ${error.column}: ${error.message}`
        : `not valid JSON: ${error.message}`;
    case 'newer-version':
      return `written by a newer Quorum (schema v${error.version}); this version reads up to v${error.supported}. Update Quorum to open it.`;
    case 'invalid':
      return error.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
  }
}
