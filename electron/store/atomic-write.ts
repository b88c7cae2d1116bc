/**
 * Crash-safe file replacement: write a temp file beside the target, fsync it, rename it over the target,
 * fsync the folder. At every instant the target is either the complete old file or the complete new one.
 *
 * A process killed between creating the temp file and the rename leaves the temp file behind (nothing can
 * prevent that portably); its name records the writer's pid, and `sweepStaleTemps` — run before every read
 * and write of the target — removes temps whose writer is gone.
 *
 * This module imports only `node:` built-ins so that a child process can load it directly in tests.
 */
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const TEMP_SUFFIX = '.quorum-tmp';

/** `.<name>.<pid>.<random>.quorum-tmp` beside the target. */
function tempPathFor(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`,
  );
}

function parseTempName(target: string, name: string): number | null {
  const prefix = `.${basename(target)}.`;
  if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) return null;
  const pid = Number(name.slice(prefix.length).split('.')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files of `target` left by writers that no longer run. Returns the paths removed. */
export function sweepStaleTemps(target: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = parseTempName(target, name);
    if (pid === null || processAlive(pid)) continue;
    try {
      unlinkSync(join(dirname(target), name));
      removed.push(join(dirname(target), name));
    } catch {
      // Someone else removed it first: the goal is reached either way.
    }
  }
  return removed;
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    // Some filesystems refuse fsync on a directory (EINVAL/EISDIR); the rename itself is still atomic.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface AtomicWriteOptions {
  /**
   * File mode of the new file, set exactly (the umask does not apply); default 0o644 less the umask.
   * 0o600 for anything private; a saved project keeps its old file's mode.
   */
  mode?: number;
  /** Test seam: runs after the temp file is complete and synced, right before the rename. */
  beforeRename?: (tempPath: string) => void;
}

/**
 * Replaces `target` with `data` atomically. On any failure the temp file is removed and the old target
 * is untouched; the error is re-thrown.
 */
export function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  sweepStaleTemps(target);
  const temp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', options.mode ?? 0o644);
    if (options.mode !== undefined) fchmodSync(fd, options.mode);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    options.beforeRename?.(temp);
    renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Not created, or already renamed.
    }
    throw error;
  }
  fsyncDirectory(dirname(target));
}
