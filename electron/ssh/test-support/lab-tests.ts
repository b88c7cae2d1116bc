/**
 * Helpers shared by the tests that run commands on the harness's hosts: a lab started once per test
 * file, the processes running on this machine (the lab's nodes run here), polling for a condition, and
 * a command's collected output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import type { SshConnection } from '../connection';
import type { CommandEnd, CommandHandle } from '../remote-command';
import { connectTo } from './connect';
import { TEST_USER, TEST_USER_PASSWORD, startSshdLab, type SshdLab } from './sshd-harness';

/** A started lab and a root connection to its first host. */
export interface LabWithRoot {
  lab: SshdLab;
  root: SshConnection;
}

/**
 * Starts a lab before the file's tests (and a root connection to its first host), hands both to `use`,
 * and stops them after the tests.
 */
export function sshdLabPerFile(
  options: Parameters<typeof startSshdLab>[0],
  use: (started: LabWithRoot) => void,
): void {
  let started: Partial<LabWithRoot> = {};
  beforeAll(async () => {
    const lab = await startSshdLab(options);
    started = { lab };
    started.root = await connectTo(lab, lab.hosts[0]!);
    use(started as LabWithRoot);
  });
  afterAll(async () => {
    started.root?.dispose();
    await started.lab?.stop();
  });
}

/** Connects to a lab host as the harness's unprivileged user, with a sudo password (its own by default). */
export function connectAsTestUser(
  lab: SshdLab,
  hostIndex = 0,
  sudoPassword = TEST_USER_PASSWORD,
): Promise<SshConnection> {
  const host = lab.hosts[hostIndex]!;
  return connectTo(lab, host, {
    target: { host: host.host, port: host.port, user: TEST_USER },
    credentials: { password: TEST_USER_PASSWORD, sudoPassword },
  });
}

/** Command lines of every process on this machine (the lab's nodes run here). */
export function processCommandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone meanwhile
    }
  }
  return lines;
}

/** Pids of the processes in process group `pgid` on this machine (the lab's nodes run here). */
export function processGroup(pgid: number): number[] {
  const members: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // Field 5 of /proc/<pid>/stat, counted after the command name (which may hold spaces).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[2]) === pgid) members.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

/**
 * Kills what a test left running on a node (sshd does not kill a command without a PTY when its session
 * dies): the command's process group, and nothing else (another test run may use the same commands).
 * Resolves once the group is empty; rejects if a member survives.
 */
export async function killLeftovers(pgid: number): Promise<void> {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
  await waitFor(() => processGroup(pgid).length === 0);
}

/** Polls `condition` every 20 ms; rejects once `timeoutMs` passed without it holding. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A command's output so far, as bytes (`out`, `err`) and as text (`stdout`, `stderr`). */
export interface CollectedOutput {
  out(): Buffer;
  err(): Buffer;
  stdout(): string;
  stderr(): string;
}

/** Collects everything a command writes from now on (and what it wrote before anyone listened). */
export function collect(command: CommandHandle): CollectedOutput {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  command.onData((stream, data) => (stream === 'stdout' ? out : err).push(data));
  return {
    out: () => Buffer.concat(out),
    err: () => Buffer.concat(err),
    stdout: () => Buffer.concat(out).toString(),
    stderr: () => Buffer.concat(err).toString(),
  };
}

/**
 * The frozen-peer case, for either kind of command handle: freezes `host`'s sessions (SIGSTOP) while the
 * handle's command runs, expects it to end as unknown for want of keepalive answers within 5 s, and thaws
 * them again. sshd leaves a command without a PTY running when its session dies: `cleanup` gets its process
 * group, in a finally.
 */
export async function expectUnknownWhenPeerFreezes(
  host: SshdLab['hosts'][number],
  handle: { readonly pgid: number | null; readonly result: Promise<CommandEnd> },
  cleanup: (pgid: number) => Promise<void> | void,
): Promise<void> {
  await waitFor(() => handle.pgid !== null);
  const started = Date.now();
  host.freezeSessions();
  try {
    const end = await handle.result;
    expect(end.kind).toBe('unknown');
    expect(end.kind === 'unknown' && end.reason).toMatch(/keepalive/);
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    host.thawSessions();
    if (handle.pgid !== null) await cleanup(handle.pgid);
  }
}
