/**
 * Guards derived from a step's own actions, so that running a plan again on a node where the step already
 * took effect does nothing ("already done"): every file it writes is there with the same content, owner and
 * mode; every package it installs is installed; every unit it starts is active (and enabled where the step
 * enables it). Only for steps whose every effect is one of those: a step that also changes state in some
 * other way (a database, a cluster join) needs a guard that looks at that state.
 */
import type { Action } from './types';
import { shellQuote } from '../shell/quote';

type WriteFile = Extract<Action, { kind: 'write-file' }>;

/**
 * True (exit 0) when `action`'s file exists with exactly its content (secrets filled in by the runner),
 * owner, group and mode. The content goes to `cmp` through `printf '%s'` of a single-quoted word, so it
 * needs no here-document and keeps every byte (no newline is added or removed).
 */
export function fileWrittenGuard(action: WriteFile): string {
  const path = shellQuote(action.path);
  const mode = action.mode.replace(/^0+(?=\d)/, '');
  const meta = `[ "$(stat -c '%U:%G %a' ${path} 2>/dev/null)" = ${shellQuote(`${action.owner}:${action.group} ${mode}`)} ]`;
  return `${meta} && printf '%s' ${shellQuote(action.content)} | cmp -s ${path} -`;
}

/** True (exit 0) when the file at `path` has exactly `content` (owner, group and mode not looked at). */
export function contentGuard(path: string, content: string): string {
  return `printf '%s' ${shellQuote(content)} | cmp -s ${shellQuote(path)} -`;
}

const INSTALLED = /^(dpkg -s [^|;&]+?>\/dev\/null 2>&1|rpm -q [^|;&]+?>\/dev\/null 2>&1) \|\| /;
const ENABLE_NOW = /systemctl enable --now ([\w@.\s-]+?)(?:$|[;&|)])/;
const ENABLE = /^systemctl enable ((?!--)[\w@.\s-]+)$/;
const RESTART = /^systemctl restart ([\w@.\s-]+)$/;

function units(list: string): string[] {
  return list.trim().split(/\s+/);
}

/**
 * The guard of a step whose effects are files, packages and running units (see the module comment).
 * `extra` conditions are added for effects the actions do not show. Checks and commands that only
 * validate (`haproxy -c`, `sysctl -p` of its file) add nothing.
 */
export function effectsGuard(actions: readonly Action[], extra: readonly string[] = []): string {
  const parts: string[] = [];
  for (const action of actions) {
    if (action.kind === 'write-file') {
      parts.push(fileWrittenGuard(action));
      continue;
    }
    if (action.kind !== 'run') continue;
    const installed = INSTALLED.exec(action.command);
    if (installed) parts.push(installed[1]!);
    const enableNow = ENABLE_NOW.exec(action.command);
    if (enableNow)
      for (const unit of units(enableNow[1]!))
        parts.push(`systemctl is-enabled -q ${unit}`, `systemctl is-active -q ${unit}`);
    const enable = ENABLE.exec(action.command);
    if (enable) for (const unit of units(enable[1]!)) parts.push(`systemctl is-enabled -q ${unit}`);
    const restart = RESTART.exec(action.command);
    if (restart) for (const unit of units(restart[1]!)) parts.push(`systemctl is-active -q ${unit}`);
  }
  parts.push(...extra);
  if (parts.length === 0) throw new Error('effectsGuard: the actions have no effect a guard can see');
  return parts.join(' && ');
}

/**
 * True (exit 0) when `unit` is active and entered that state after every one of `files` was last
 * modified (microseconds: systemd's `--timestamp=us`, the files' nanosecond mtimes cut to micro). A unit
 * started before its configuration was last written runs an old one: a start step whose guard includes
 * this restarts it after a changed design rewrote the files, and only then.
 */
export function startedAfter(unit: string, files: readonly string[]): string {
  const since = `"$(date -d "$(systemctl show --timestamp=us -P ActiveEnterTimestamp ${unit})" +%s%6N)"`;
  const checks = files.map((f) => `[ "$(stat -c %.6Y ${f} | tr -d .)" -lt ${since} ]`);
  return `{ systemctl is-active -q ${unit} && ${checks.join(' && ')}; } 2>/dev/null`;
}
