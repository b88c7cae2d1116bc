/**
 * Python checks in one process per batch. Starting Python is the slow part of a check (over a second
 * through a pyenv shim on a busy machine), so a test file hands every text it wants checked to one
 * `python3` at once: each text goes through the same function, and each gets its own result or its own
 * error (a traceback naming the exception, as a failed `python3 -c` would print).
 */
import { spawnSync } from 'node:child_process';

export type PythonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** The driver: reads the texts as a JSON list on stdin, prints one result per text as a JSON list. */
const DRIVER = `
import json, sys, traceback
def run(check):
    out = []
    for text in json.load(sys.stdin):
        try:
            out.append({"ok": True, "value": check(text)})
        except Exception:
            out.append({"ok": False, "error": traceback.format_exc()})
    json.dump(out, sys.stdout)
`;

/**
 * Runs `check` (Python source defining `def check(text):`, which returns a JSON-serialisable value or
 * raises) over every text in one `python3` process. Throws when Python itself cannot run the batch.
 */
export function pythonBatch(check: string, texts: readonly string[]): PythonResult[] {
  const script = `${DRIVER}\n${check}\nrun(check)\n`;
  const result = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`python3 did not run: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`python3 failed the batch (exit ${result.status}):\n${result.stderr}`);
  const results = JSON.parse(result.stdout) as PythonResult[];
  if (results.length !== texts.length)
    throw new Error(`python3 answered ${results.length} results for ${texts.length} texts`);
  return results;
}

/** A batch that runs once, when a test first asks for it (never for a file whose checks are skipped). */
export function lazyPythonBatch(check: string, texts: () => readonly string[]): () => PythonResult[] {
  let results: PythonResult[] | undefined;
  return () => (results ??= pythonBatch(check, texts()));
}

/** Python's configparser, strict, without interpolation (oslo.config does not expand `%(…)s`). */
export const CONFIGPARSER_CHECK = `
import configparser
def check(text):
    c = configparser.ConfigParser(interpolation=None, strict=True)
    c.read_string(text)
    d = {s: dict(c[s]) for s in c.sections()}
    d["DEFAULT"] = dict(c.defaults())
    return d
`;

/** Whether `python3` is on PATH (asked of the shell: starting Python only to ask costs a second). */
export function hasPython3(): boolean {
  return spawnSync('sh', ['-c', 'command -v python3'], { stdio: 'ignore' }).status === 0;
}

/** A result's value; a text Python failed on fails the test with Python's traceback. */
export function pythonValue<T>(result: PythonResult | undefined): T {
  if (!result) throw new Error('no Python result for this text');
  if (!result.ok) throw new Error(result.error);
  return result.value as T;
}
