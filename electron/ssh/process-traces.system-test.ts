/**
 * The trace writer and the reaper are shell code: they run here in the real `sh`, on real processes
 * (the resume test runs them over real sshd after a SIGKILLed app).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReaped, reaperScript, traceCleanupScript, traceWriter } from './process-traces';

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-traces-'));
  dirs.push(dir);
  return dir;
}

/** Runs `script` in sh with HOME set (an empty user makes the scripts use $HOME). */
function sh(script: string, homeDir: string): string {
  return execFileSync('sh', ['-c', script], { encoding: 'utf8', env: { ...process.env, HOME: homeDir } });
}

/** A traced command in its own session (as sshd starts one), like the runner's wrapper. */
function traced(homeDir: string, node: string, token: string, seconds: number): ChildProcess {
  const child = spawn('sh', ['-c', `${traceWriter({ run: 'run-1', node }, token)} exec sleep ${seconds}`], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, HOME: homeDir },
  });
  started.push(child);
  return child;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function traceFile(dir: string, name: string): Promise<string> {
  const path = join(dir, '.cache/quorum/runs/run-1', name);
  for (let i = 0; i < 200; i++) {
    try {
      const text = readFileSync(path, 'utf8');
      if (text.endsWith('\n')) return text;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no trace file ${name}`);
}

describe('process traces', () => {
  it('records the group, start time and boot id, and the reaper kills that group and reports it', async () => {
    const dir = home();
    const child = traced(dir, 'db1', 'tok1', 3931);
    const [pgid, startTime, boot] = (await traceFile(dir, 'db1__tok1')).trim().split(' ');
    expect(Number(pgid)).toBe(child.pid);
    expect(startTime).toBe(readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
    expect(boot).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const reaped = parseReaped(sh(reaperScript('run-1', 'db1', ''), dir));
    expect(reaped).toEqual([{ pgid: child.pid, pid: child.pid, command: 'sleep 3931' }]);
    await exited;
    expect(alive(child.pid!)).toBe(false);
    expect(readdirSync(join(dir, '.cache/quorum/runs/run-1'))).toEqual([]);
  });

  it('never kills a process that only reuses a traced pid, nor another node’s or boot’s groups', async () => {
    const dir = home();
    const other = traced(dir, 'db2', 'tok2', 3932);
    await traceFile(dir, 'db2__tok2');
    const stranger = traced(dir, 'x', 'unused', 3933);
    await traceFile(dir, 'x__unused');
    const [, startTime, boot] = (await traceFile(dir, 'x__unused')).trim().split(' ');
    const runDir = join(dir, '.cache/quorum/runs/run-1');
    // A pid that was recycled (other start time), and one from before a reboot (other boot id).
    writeFileSync(join(runDir, 'db1__recycled'), `${stranger.pid} ${Number(startTime) - 1} ${boot}\n`);
    writeFileSync(join(runDir, 'db1__rebooted'), `${stranger.pid} ${startTime} 00000000-boot\n`);
    writeFileSync(join(runDir, 'db1__garbage'), `-1; reboot\n`);
    expect(parseReaped(sh(reaperScript('run-1', 'db1', ''), dir))).toEqual([]);
    expect(alive(stranger.pid!)).toBe(true);
    expect(alive(other.pid!)).toBe(true);
    expect(readdirSync(runDir).sort()).toEqual(['db2__tok2', 'x__unused']);
    sh(traceCleanupScript('run-1', 'db2', ''), dir);
    expect(readdirSync(runDir)).toEqual(['x__unused']);
  });

  it('reads the reaper report', () => {
    expect(parseReaped('noise\nquorum-reaped 10 12 sleep 60 --x\nquorum-reaped 10 10 \n')).toEqual([
      { pgid: 10, pid: 12, command: 'sleep 60 --x' },
      { pgid: 10, pid: 10, command: '' },
    ]);
  });
});
