/**
 * Project files the desktop asks the app to open: on the command line (a double-click on Linux and
 * Windows starts `quorum FILE`), in a second instance's command line (forwarded by the single-instance
 * lock), and macOS's `open-file` event. Pure (no `electron` import) so that unit tests cover them.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_EXTENSION = '.quorum';

/**
 * The project file named on a command line, absolute; null when there is none. Switches (Chromium's
 * `--no-sandbox`, `--flag=value`) and anything not ending in `.quorum` are skipped; a `file://` URL (the
 * desktop entry's %U) becomes its path; a relative path is taken from `cwd`, the launching shell's
 * folder. The last project named wins, as a user who names two would expect the later one.
 */
export function projectFromArgv(argv: readonly string[], cwd: string): string | null {
  let found: string | null = null;
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    let path = arg;
    if (/^file:\/\//i.test(arg)) {
      try {
        path = fileURLToPath(arg);
      } catch {
        continue;
      }
    }
    if (!path.toLowerCase().endsWith(PROJECT_EXTENSION)) continue;
    found = isAbsolute(path) ? path : resolve(cwd, path);
  }
  return found;
}

/**
 * Holds open requests until the window listens for them: a file named at start-up arrives before the
 * renderer has subscribed to menu commands. Once `listening()` was called, requests go straight through.
 */
export class OpenRequests {
  private pending: string | null = null;
  private deliver: ((path: string) => void) | null = null;

  /** A project to open: delivered now, or when the window listens (only the latest one is kept). */
  request(path: string): void {
    if (this.deliver) this.deliver(path);
    else this.pending = path;
  }

  /** The window listens: deliver what waited, then every later request. */
  listening(deliver: (path: string) => void): void {
    this.deliver = deliver;
    const waiting = this.pending;
    this.pending = null;
    if (waiting) deliver(waiting);
  }

  /** The window is gone (closed on macOS, where the app stays): hold requests again. */
  closed(): void {
    this.deliver = null;
  }
}
