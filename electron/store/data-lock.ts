/**
 * One process per data folder: the Electron app and `quorum serve` each take `<dataDir>/quorum.lock`
 * before they open anything in it, so two of them never write the same run journal or secrets.
 *
 * The lock file is created exclusively (O_EXCL) and records its holder (pid, host, which program, since
 * when). A lock whose holder no longer runs on this host (a crash, a kill -9) is stale and taken over.
 * Two processes that both find the same stale lock at the same instant could both take it; that needs a
 * crash followed by two starts within milliseconds, and is accepted.
 *
 * This module imports only `node:` built-ins so that a child process can load it directly in tests.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'quorum.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** Which program holds it, for the message: "the Quorum app", "quorum serve". */
  program: string;
  since: string;
}

export class DataFolderLockedError extends Error {
  readonly dataDir: string;
  readonly holder: LockHolder;
  constructor(dataDir: string, holder: LockHolder) {
    super(
      `the data folder ${dataDir} is in use by ${holder.program} (pid ${holder.pid} on ${holder.host}, since ${holder.since}); ` +
        `close it first, or give this one another folder (QUORUM_DATA_DIR or --data-dir)`,
    );
    this.name = 'DataFolderLockedError';
    this.dataDir = dataDir;
    this.holder = holder;
  }
}

export interface DataLock {
  path: string;
  /** Removes the lock file if it is still this process's. Safe to call twice. */
  release(): void;
}

function readHolder(path: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return null;
    return {
      pid: value.pid,
      host: value.host,
      program: typeof value.program === 'string' ? value.program : 'another Quorum process',
      since: typeof value.since === 'string' ? value.since : 'an unknown time',
    };
  } catch {
    return null;
  }
}

/**
 * Whether a process with this pid runs on this host (EPERM: it runs, as another user). The same test as
 * atomic-write's, kept here because this file imports only node:* modules: its system test runs it in
 * plain Node processes, whose type stripping cannot resolve extensionless relative imports.
 */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the holder may still be running: always on another host (its pid cannot be checked here). */
function holderAlive(holder: LockHolder): boolean {
  return holder.host !== hostname() || processAlive(holder.pid);
}

function createExclusive(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Takes the data folder's lock for `program` (creating the folder), or throws DataFolderLockedError
 * naming the holder. The lock is released on `release()` and when the process exits normally.
 */
export function acquireDataLock(dataDir: string, program: string): DataLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, host: hostname(), program, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(path, mine)) break;
    const holder = readHolder(path);
    // An unreadable lock is one being written right now (or garbage): wait once, then treat it as stale.
    if (holder && holderAlive(holder)) throw new DataFolderLockedError(dataDir, holder);
    if (!holder && attempt === 0) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    if (attempt > 2) throw new Error(`cannot take the lock ${path}: it keeps changing`);
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const holder = readHolder(path);
    if (holder?.pid === mine.pid && holder.host === mine.host && holder.since === mine.since) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone: nothing to release.
      }
    }
  };
  process.on('exit', release);
  return { path, release };
}
