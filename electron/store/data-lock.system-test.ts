import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataLock, DataFolderLockedError, LOCK_FILE, type DataLock } from './data-lock';

const holderScript = join(__dirname, 'test-support', 'lock-holder.mjs');
const held: DataLock[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'quorum-lock-')), 'data');
}

function take(dataDir: string, program = 'the Quorum app'): DataLock {
  const lock = acquireDataLock(dataDir, program);
  held.push(lock);
  return lock;
}

/** Starts a child that takes the lock; resolves with its first line ("locked" or "refused …"). */
async function childTakes(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; line: string }> {
  const child = spawn(process.execPath, [holderScript, dataDir]);
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => (out ? undefined : reject(new Error(`holder exited (${code}): ${stderr}`))));
  });
  return { child, line };
}

async function killed(child: ChildProcessWithoutNullStreams): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('acquireDataLock', () => {
  it('creates the folder and a lock file that names its holder', () => {
    const dir = freshDir();
    const lock = take(dir);
    expect(lock.path).toBe(join(dir, LOCK_FILE));
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
      program: 'the Quorum app',
    });
  });

  it('refuses a second holder while the first runs, naming it and the folder', () => {
    const dir = freshDir();
    take(dir, 'quorum serve');
    expect(() => take(dir)).toThrow(DataFolderLockedError);
    expect(() => take(dir)).toThrow(
      new RegExp(`${dir.replaceAll('/', '\\/')} is in use by quorum serve \\(pid ${process.pid} `),
    );
  });

  it('is free again after release, and release leaves a successor’s lock alone', () => {
    const dir = freshDir();
    const first = take(dir);
    first.release();
    expect(existsSync(first.path)).toBe(false);
    const second = take(dir);
    first.release();
    expect(existsSync(second.path)).toBe(true);
  });

  it('keeps another process out of the folder while it is held, across processes', async () => {
    const dir = freshDir();
    const { child, line } = await childTakes(dir);
    expect(line).toBe('locked');
    expect(() => take(dir)).toThrow(/in use by quorum serve \(pid \d+/);
    child.stdin.write('bye\n');
    await new Promise((resolve) => child.once('exit', resolve));
    // The child exited normally: its lock is gone and this process gets the folder.
    expect(() => take(dir)).not.toThrow();
    const other = await childTakes(dir);
    expect(other.line).toMatch(/^refused the data folder .* is in use by the Quorum app/);
  });

  it('takes over the lock of a holder that was killed', async () => {
    const dir = freshDir();
    const { child, line } = await childTakes(dir);
    expect(line).toBe('locked');
    await killed(child);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const lock = take(dir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('treats an unreadable lock file as stale', () => {
    const dir = freshDir();
    take(dir).release();
    writeFileSync(join(dir, LOCK_FILE), 'not json');
    expect(() => take(dir)).not.toThrow();
  });

  it("respects a holder on another host (its pid can't be checked from here)", () => {
    const dir = freshDir();
    take(dir).release();
    const holder = { pid: 1, host: `not-${hostname()}`, program: 'the Quorum app', since: 'noon' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder));
    expect(() => take(dir)).toThrow(/pid 1 on not-/);
  });
});
