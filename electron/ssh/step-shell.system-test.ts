/**
 * Step shells on real OpenSSH hosts: many commands over one session, and every way a command ends,
 * its output and its stdin behave as with a session per command.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SshConnection } from './connection';
import { parseReaped, reaperScript, traceCleanupScript } from './process-traces';
import { connectTo } from './test-support/connect';
import {
  collect,
  connectAsTestUser,
  expectUnknownWhenPeerFreezes,
  processCommandLines,
  sshdLabPerFile,
  waitFor,
} from './test-support/lab-tests';
import { TEST_USER, TEST_USER_PASSWORD, startSshdLab, type SshdLab } from './test-support/sshd-harness';

let lab: SshdLab;
let root: SshConnection;
sshdLabPerFile({ count: 2 }, (started) => ({ lab, root } = started));

/** Sessions sshd started on a host so far ("Starting session: command for …" at LogLevel VERBOSE). */
const sessions = (index: number) =>
  (lab.hosts[index]!.log().match(/Starting session: command for/g) ?? []).length;

async function run(connection: SshConnection, command: string, stdin?: string | Buffer) {
  const handle = await connection.run(command, stdin === undefined ? {} : { stdin });
  const output = collect(handle);
  const end = await handle.result;
  return { end, out: output.out().toString('latin1'), err: output.err().toString('latin1') };
}

describe('step shells', () => {
  it('runs many commands over one SSH session', async () => {
    const connection = await connectTo(lab, lab.hosts[1]!);
    const before = sessions(1);
    for (let i = 0; i < 8; i++) {
      const r = await run(connection, `echo out ${i}; echo err ${i} >&2; exit ${i}`);
      expect(r).toEqual({ end: { kind: 'exit', code: i }, out: `out ${i}\n`, err: `err ${i}\n` });
    }
    expect(connection.openStepShells).toBe(1);
    expect(sessions(1) - before).toBe(1);
    connection.dispose();
  });

  it('opens another shell when the node’s shells are busy, then reuses them', async () => {
    const connection = await connectTo(lab, lab.hosts[1]!);
    const before = sessions(1);
    const both = await Promise.all([run(connection, 'sleep 0.3; echo a'), run(connection, 'echo b')]);
    expect(both.map((r) => r.out)).toEqual(['a\n', 'b\n']);
    await run(connection, 'true');
    await run(connection, 'true');
    expect(connection.openStepShells).toBe(2);
    expect(sessions(1) - before).toBe(2);
    connection.dispose();
  });

  it('classifies exit codes and signals', async () => {
    expect((await run(root, 'exit 3')).end).toEqual({ kind: 'exit', code: 3 });
    expect(await run(root, 'kill -KILL $$')).toEqual({
      end: { kind: 'signal', signal: 'KILL' },
      out: '',
      err: '',
    });
    expect(await run(root, 'kill -TERM $$')).toEqual({
      end: { kind: 'signal', signal: 'TERM' },
      out: '',
      err: '',
    });
    expect((await run(root, 'exit 0')).end).toEqual({ kind: 'exit', code: 0 });
    // sh's `wait` cannot tell `exit 137` from a KILL (see step-task.ts); no signal has number 200-128.
    expect((await run(root, 'exit 137')).end).toEqual({ kind: 'signal', signal: 'KILL' });
    expect((await run(root, 'exit 200')).end).toEqual({ kind: 'exit', code: 200 });
  });

  it('passes output without a trailing newline exactly, and binary output', async () => {
    expect(await run(root, `printf 'no newline'; printf 'err' >&2`)).toEqual({
      end: { kind: 'exit', code: 0 },
      out: 'no newline',
      err: 'err',
    });
    const bytes = await run(root, `printf '\\000\\001\\377_\\n__quorum_'`);
    expect(Buffer.from(bytes.out, 'latin1')).toEqual(
      Buffer.from([0, 1, 255, 0x5f, 0x0a, ...Buffer.from('__quorum_')]),
    );
  });

  it('drains 5 MB on stdout and 5 MB on stderr, byte for byte', async () => {
    const size = 5 * 1024 * 1024;
    const handle = await root.run(
      `head -c ${size} /dev/urandom > /tmp/q-sh-rand; cat /tmp/q-sh-rand; cat /tmp/q-sh-rand >&2; rm /tmp/q-sh-rand`,
    );
    const output = collect(handle);
    expect(await handle.result).toEqual({ kind: 'exit', code: 0 });
    expect(output.out().length).toBe(size);
    expect(output.out().equals(output.err())).toBe(true);
    const after = await run(root, 'echo next');
    expect(after.out).toBe('next\n');
  });

  it('delivers stdin exactly, binary included, and none when not given', async () => {
    const payload = Buffer.concat([
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from('\nend-x\n'),
      Buffer.alloc(300_000, 0x41),
    ]);
    const r = await run(root, 'od -An -v -tx1 | tr -d " \\n"', payload);
    expect(r.out).toBe(payload.toString('hex'));
    expect((await run(root, 'wc -c', 'twelve bytes')).out.trim()).toBe('12');
    expect((await run(root, 'wc -c')).out.trim()).toBe('0');
  });
});

describe('cancel, timeout and lost connections', () => {
  it('cancel kills the command’s whole tree and leaves the shell for the next command', async () => {
    const connection = await connectTo(lab, lab.hosts[1]!);
    const before = sessions(1);
    const handle = await connection.run('sleep 3951 & (sleep 3952; echo never) & echo started; wait');
    const output = collect(handle);
    await waitFor(() => output.out().toString().includes('started'));
    await waitFor(() => processCommandLines().filter((line) => /^sleep 395[12] $/.test(line)).length === 2);
    const cancelled = Date.now();
    expect(await handle.cancel()).toEqual({ kind: 'cancelled' });
    // TERM, a second, KILL: the END marker follows at once (not the 5 s grace for a stuck shell).
    expect(Date.now() - cancelled).toBeLessThan(4500);
    await waitFor(() => !processCommandLines().some((line) => /^sleep 395[12] $/.test(line)));
    expect(output.out().toString()).toBe('started\n');
    // Nothing of the shell's own (sh's "Terminated" job report) in the command's output.
    expect(output.err().toString()).toBe('');
    const next = await run(connection, 'echo still here');
    expect(next).toEqual({ end: { kind: 'exit', code: 0 }, out: 'still here\n', err: '' });
    expect(connection.openStepShells).toBe(1);
    // One session for the shell and one for the kill.
    expect(sessions(1) - before).toBe(2);
    connection.dispose();
  });

  it('times out, kills the command and runs the next one', async () => {
    const running = () => processCommandLines().some((line) => line === 'sleep 3953 ');
    const handle = await root.run('sleep 3953', { timeoutMs: 3000 });
    // The sleep really ran, so "gone" below means killed, not never started.
    await waitFor(running);
    expect(await handle.result).toEqual({ kind: 'timeout', afterMs: 3000 });
    await waitFor(() => !running());
    expect((await run(root, 'echo ok')).out).toBe('ok\n');
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    const handle = await root.run('sleep 3954', { signal: controller.signal });
    const running = () => processCommandLines().some((line) => line === 'sleep 3954 ');
    await waitFor(() => handle.pgid !== null && running());
    controller.abort();
    expect(await handle.result).toEqual({ kind: 'cancelled' });
    await waitFor(() => !running());
  });

  it('a session killed mid-command is unknown, not success', async () => {
    const host = lab.hosts[1]!;
    const connection = await connectTo(lab, host);
    const handle = await connection.run('echo begun; sleep 3955; echo done');
    const output = collect(handle);
    await waitFor(() => output.out().toString().includes('begun'));
    host.killSessions();
    const end = await handle.result;
    expect(end.kind).toBe('unknown');
    expect(connection.state).toBe('closed');
    // sshd does not kill a command without a PTY when its session dies (reaping it is the runner's job).
    process.kill(-handle.pgid!, 'SIGKILL');
  });

  it('a frozen peer ends a running command as unknown within the keepalive window', async () => {
    const host = lab.hosts[1]!;
    const connection = await connectTo(lab, host, { keepaliveIntervalMs: 500, keepaliveCountMax: 3 });
    const handle = await connection.run('sleep 3956; echo done');
    await expectUnknownWhenPeerFreezes(host, handle, (pgid) => {
      process.kill(-pgid, 'SIGKILL');
    });
  });

  it('the shell dying without its END marker is unknown', async () => {
    const connection = await connectTo(lab, lab.hosts[0]!);
    // The command kills its parent, the driver: the command itself may well have succeeded.
    const handle = await connection.run('kill -KILL $PPID; sleep 0.2; echo after');
    const end = await handle.result;
    expect(end.kind).toBe('unknown');
    expect((await run(connection, 'echo fresh shell')).out).toBe('fresh shell\n');
    connection.dispose();
  });
});

describe('markers', () => {
  it('removes a stage marker split across chunks and says the stage was reached', async () => {
    let staged = false;
    const handle = await root.run(
      `echo before >&2; printf '__st' >&2; sleep 0.3; printf 'age__\\nafter\\n' >&2; echo out`,
      { stageMarker: '__stage__', onStage: () => (staged = true) },
    );
    const output = collect(handle);
    expect(await handle.result).toEqual({ kind: 'exit', code: 0 });
    expect(staged).toBe(true);
    expect(handle.staged).toBe(true);
    expect(output.err().toString()).toBe('before\nafter\n');
    const unstaged = await root.run(`printf '__sta' >&2`, { stageMarker: '__stage__' });
    const rest = collect(unstaged);
    await unstaged.result;
    expect(unstaged.staged).toBe(false);
    expect(rest.err().toString()).toBe('__sta');
  });

  it('passes on text that looks like the start of a marker', async () => {
    const r = await run(root, `printf '__quorum_'; sleep 0.2; printf 'x\\n'; printf '__quorum_' >&2`);
    expect(r).toEqual({ end: { kind: 'exit', code: 0 }, out: '__quorum_x\n', err: '__quorum_' });
  });
});

describe('sudo', () => {
  const asTestUser = (sudoPassword?: string) => connectAsTestUser(lab, 0, sudoPassword);

  it('answers sudo’s prompt once per shell; the password is in no command line, log or output', async () => {
    const user = await asTestUser();
    const before = sessions(0);
    const handle = await user.run('id -u; sleep 1', { sudo: true });
    const output = collect(handle);
    await waitFor(() => output.out().toString().includes('0'));
    expect(processCommandLines().filter((line) => line.includes(TEST_USER_PASSWORD))).toEqual([]);
    expect(await handle.result).toEqual({ kind: 'exit', code: 0 });
    for (let i = 0; i < 3; i++) {
      const r = await run(user, 'id -un', undefined);
      expect(r.out).toBe(`${TEST_USER}\n`);
      const s = await user.run('id -un; cat', { sudo: true, stdin: Buffer.from([0, 10, 13, 4, 3, 255]) });
      const o = collect(s);
      expect(await s.result).toEqual({ kind: 'exit', code: 0 });
      expect(o.out()).toEqual(Buffer.concat([Buffer.from('root\n'), Buffer.from([0, 10, 13, 4, 3, 255])]));
    }
    // One shell per level: unprivileged and sudo.
    expect(sessions(0) - before).toBe(2);
    expect(output.out().toString() + output.err().toString()).toBe('0\n');
    expect(lab.hosts[0]!.log()).not.toContain(TEST_USER_PASSWORD);
    user.dispose();
  });

  it('fails fast on a wrong sudo password', async () => {
    const user = await asTestUser('wrong-step-pass');
    const started = Date.now();
    const handle = await user.run('touch /root/step-should-not-exist', { sudo: true });
    const end = await handle.result;
    expect(end.kind).toBe('sudo-failed');
    expect(end.kind === 'sudo-failed' && end.message).toMatch(/wrong password/);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(processCommandLines().some((line) => line.includes('/root/step-should-not-exist'))).toBe(false);
    const marker = join(lab.rootHome, 'step-should-not-exist');
    expect(existsSync(marker)).toBe(false);
    user.dispose();
    // The same command with the right password creates the file where the check above looked.
    const right = await asTestUser();
    try {
      const control = await right.run('touch /root/step-should-not-exist', { sudo: true });
      expect(await control.result).toEqual({ kind: 'exit', code: 0 });
      expect(existsSync(marker)).toBe(true);
    } finally {
      rmSync(marker, { force: true });
      right.dispose();
    }
  });

  it('cancel kills a tree started through the sudo shell; the shell stays', async () => {
    const user = await asTestUser();
    const handle = await user.run('sleep 3957 & echo started; wait', { sudo: true });
    const output = collect(handle);
    await waitFor(() => output.out().toString().includes('started'));
    await waitFor(() => processCommandLines().some((line) => line === 'sleep 3957 '));
    expect(await handle.cancel()).toEqual({ kind: 'cancelled' });
    await waitFor(() => !processCommandLines().some((line) => line === 'sleep 3957 '));
    expect((await run(user, 'echo plain')).out).toBe('plain\n');
    const again = await user.run('id -u', { sudo: true });
    const o = collect(again);
    await again.result;
    expect(o.out().toString()).toBe('0\n');
    expect(user.openStepShells).toBe(2);
    user.dispose();
  });

  it('traces a command run through the sudo shell where the reaper finds it', async () => {
    const user = await asTestUser();
    const trace = { run: 'step-sudo-trace', node: 'n1' };
    const handle = await user.run('sleep 3959', { sudo: true, trace });
    await waitFor(() => handle.pgid !== null);
    const reaper = await user.exec(reaperScript(trace.run, trace.node, TEST_USER), { sudo: true });
    const report = collect(reaper);
    expect(await reaper.result).toEqual({ kind: 'exit', code: 0 });
    const reaped = parseReaped(report.out().toString());
    expect(reaped.map((r) => r.pgid)).toEqual(reaped.map(() => handle.pgid));
    expect(reaped.map((r) => r.command)).toContain('sleep 3959');
    expect(reaped.map((r) => r.pid)).toContain(handle.pgid);
    expect(await handle.result).toEqual({ kind: 'signal', signal: 'TERM' });
    const cleanup = await user.exec(traceCleanupScript(trace.run, trace.node, TEST_USER), { sudo: true });
    await cleanup.result;
    user.dispose();
  });
});

describe('fallback', () => {
  it('runs each command in a session of its own where no step shell can start, and says so once', async () => {
    // A node without `setsid`: the login environment's PATH (sshd's SetEnv) has every tool but it.
    const bin = join(lab.dir, 'no-setsid-bin');
    mkdirSync(bin, { recursive: true });
    for (const tool of ['sh', 'cat', 'head', 'mktemp', 'rm', 'id', 'sleep', 'wc']) {
      symlinkSync(`/usr/bin/${tool === 'sh' ? '../../bin/sh' : tool}`, join(bin, tool));
    }
    const bare = await startSshdLab({ count: 1, extraConfig: [`SetEnv PATH=${bin}`] });
    try {
      const host = bare.hosts[0]!;
      const user = await connectTo(bare, host, {
        target: { host: host.host, port: host.port, user: TEST_USER },
        credentials: { password: TEST_USER_PASSWORD },
      });
      const notices: string[] = [];
      const count = () => (host.log().match(/Starting session: command for/g) ?? []).length;
      for (let i = 0; i < 3; i++) {
        const handle = await user.run(`echo $PATH; exit ${i}`, { notice: (text) => notices.push(text) });
        const output = collect(handle);
        expect(await handle.result).toEqual({ kind: 'exit', code: i });
        expect(output.out().toString()).toBe(`${bin}\n`);
      }
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/no step shell on this node \(`setsid` is missing\)/);
      // The failed shell, then one session per command.
      expect(count()).toBe(4);
      expect(user.openStepShells).toBe(0);
      const handle = await user.run('sleep 3958', {});
      await waitFor(() => handle.pgid !== null);
      expect(await handle.cancel()).toEqual({ kind: 'cancelled' });
      user.dispose();
    } finally {
      await bare.stop();
    }
  });
});
