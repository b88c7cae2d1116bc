/**
 * Commands on real OpenSSH hosts: how they end, output volume, cancel, sudo, and lost connections.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SshConnection } from './connection';
import { connectTo } from './test-support/connect';
import {
  collect,
  expectUnknownWhenPeerFreezes,
  connectAsTestUser,
  killLeftovers,
  processCommandLines,
  processGroup,
  sshdLabPerFile,
  waitFor,
} from './test-support/lab-tests';
import { TEST_USER_PASSWORD, type SshdLab } from './test-support/sshd-harness';

let lab: SshdLab;
let root: SshConnection;
sshdLabPerFile({ count: 2 }, (started) => ({ lab, root } = started));

const asTestUser = (hostIndex = 0) => connectAsTestUser(lab, hostIndex);

describe('how a command ends', () => {
  it('reports a zero exit and separates stdout from stderr', async () => {
    const command = await root.exec('echo out; echo err >&2');
    const output = collect(command);
    expect(await command.result).toEqual({ kind: 'exit', code: 0 });
    expect(output.stdout()).toBe('out\n');
    expect(output.stderr()).toBe('err\n');
  });

  it('reports a non-zero exit code with its stderr', async () => {
    const command = await root.exec('echo "no such package: foo" >&2; exit 100');
    const output = collect(command);
    expect(await command.result).toEqual({ kind: 'exit', code: 100 });
    expect(output.stderr()).toBe('no such package: foo\n');
  });

  it('removes a stage marker from stderr even when it arrives split, and says the stage was reached', async () => {
    let stagedAt = -1;
    const err: string[] = [];
    const command = await root.exec(
      `echo before >&2; printf '__st' >&2; sleep 0.3; printf 'age__\\nafter\\n' >&2; echo out`,
      { stageMarker: '__stage__', onStage: () => (stagedAt = err.join('').length) },
    );
    command.onData((stream, data) => stream === 'stderr' && err.push(data.toString()));
    expect(await command.result).toEqual({ kind: 'exit', code: 0 });
    expect(command.staged).toBe(true);
    expect(err.join('')).toBe('before\nafter\n');
    expect(stagedAt).toBe('before\n'.length);
    const unstaged = await root.exec(`printf '__sta' >&2`, { stageMarker: '__stage__' });
    const rest = collect(unstaged);
    await unstaged.result;
    expect(unstaged.staged).toBe(false);
    expect(rest.stderr()).toBe('__sta');
  });

  it('reports a command killed by a signal', async () => {
    const command = await root.exec('kill -KILL $$');
    expect(await command.result).toEqual({ kind: 'signal', signal: 'KILL' });
  });

  it('drains 5 MB on stdout and 5 MB on stderr', async () => {
    const size = 5 * 1024 * 1024;
    const command = await root.exec(
      `head -c ${size} /dev/zero | tr '\\0' o & head -c ${size} /dev/zero | tr '\\0' e >&2; wait`,
    );
    const output = collect(command);
    expect(await command.result).toEqual({ kind: 'exit', code: 0 });
    expect([output.out().length, output.err().length]).toEqual([size, size]);
  });

  it('feeds stdin to the command', async () => {
    const command = await root.exec('wc -c', { stdin: 'twelve bytes' });
    const output = collect(command);
    await command.result;
    expect(output.stdout().trim()).toBe('12');
  });

  it('times out and leaves nothing running', async () => {
    // 3918: a marker no other test file uses (resume.test.ts has 3917).
    const running = () => processCommandLines().some((line) => line === 'sleep 3918 ');
    const command = await root.exec('sleep 3918', { timeoutMs: 3000 });
    // The sleep really ran, so "gone" below means killed, not never started.
    await waitFor(running);
    expect(await command.result).toEqual({ kind: 'timeout', afterMs: 3000 });
    await waitFor(() => !running());
  });
});

describe('cancel', () => {
  it('kills the whole remote process tree', async () => {
    const command = await root.exec('sleep 3901 & (sleep 3902; echo never) & echo started; wait');
    const output = collect(command);
    await waitFor(() => output.stdout().includes('started'));
    // Both sleeps are running before the cancel (the subshell may exec its sleep just after "started").
    await waitFor(() => processCommandLines().filter((line) => /^sleep 390[12] $/.test(line)).length === 2);
    expect(await command.cancel()).toEqual({ kind: 'cancelled' });
    await waitFor(() => !processCommandLines().some((line) => /^sleep 390[12] $/.test(line)));
  });

  it('kills a tree started through sudo', async () => {
    const user = await asTestUser();
    const command = await user.exec('sleep 3903 & echo started; wait', { sudo: true });
    const output = collect(command);
    await waitFor(() => output.stdout().includes('started'));
    await waitFor(() => processCommandLines().some((line) => line === 'sleep 3903 '));
    await command.cancel();
    await waitFor(() => !processCommandLines().some((line) => line === 'sleep 3903 '));
    user.dispose();
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    const command = await root.exec('sleep 3904', { signal: controller.signal });
    const running = () => processCommandLines().some((line) => line === 'sleep 3904 ');
    await waitFor(() => command.pgid !== null && running());
    controller.abort();
    expect(await command.result).toEqual({ kind: 'cancelled' });
    await waitFor(() => !running());
  });
});

describe('sudo', () => {
  it('answers the one-off prompt from the channel; the password is in no command line or output', async () => {
    const user = await asTestUser();
    const command = await user.exec('id -u; sleep 2', { sudo: true });
    const output = collect(command);
    await waitFor(() => output.stdout().includes('0'));
    const lines = processCommandLines();
    expect(lines.some((line) => line.includes('sudo -S -p'))).toBe(true);
    expect(lines.filter((line) => line.includes(TEST_USER_PASSWORD))).toEqual([]);
    expect(await command.result).toEqual({ kind: 'exit', code: 0 });
    expect(output.stdout()).toBe('0\n');
    expect(output.stderr()).toBe('');
    expect(lab.hosts[0]!.log()).not.toContain(TEST_USER_PASSWORD);
    user.dispose();
  });

  it('fails fast on a wrong sudo password with a clear message', async () => {
    const user = await connectAsTestUser(lab, 1, 'wrong-sudo-pass');
    const started = Date.now();
    const command = await user.exec('touch /root/should-not-exist', { sudo: true });
    const output = collect(command);
    // Sample every process's command line while sudo checks the password.
    let ended = false;
    let sampled = 0;
    const sampling = (async () => {
      while (!ended) {
        expect(processCommandLines().filter((line) => line.includes('wrong-sudo-pass'))).toEqual([]);
        sampled += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const end = await command.result;
    ended = true;
    await sampling;
    expect(sampled).toBeGreaterThan(1);
    const marker = join(lab.rootHome, 'should-not-exist');
    expect(existsSync(marker)).toBe(false);
    expect(end.kind).toBe('sudo-failed');
    expect(end.kind === 'sudo-failed' && end.message).toMatch(/wrong password/);
    // pam_unix delays a failure by about 2 s; a second try would add 2 s more.
    expect(Date.now() - started).toBeLessThan(6000);
    expect(output.stdout() + output.stderr()).not.toContain('wrong-sudo-pass');
    user.dispose();
    // The same command with the right password creates the file where the check above looked: the
    // "not created" check can fail.
    const right = await connectAsTestUser(lab, 1);
    try {
      const control = await right.exec('touch /root/should-not-exist', { sudo: true });
      expect(await control.result).toEqual({ kind: 'exit', code: 0 });
      expect(existsSync(marker)).toBe(true);
    } finally {
      rmSync(marker, { force: true });
      right.dispose();
    }
  });

  it('passes stdin through sudo after the password', async () => {
    const user = await asTestUser();
    const command = await user.exec('cat; id -un', { sudo: true, stdin: 'from stdin\n' });
    const output = collect(command);
    await command.result;
    expect(output.stdout()).toBe('from stdin\nroot\n');
    user.dispose();
  });
});

describe('a busy client (the lab under load: "the channel closed without an exit status")', () => {
  it('keeps the exit status of a command that ended before its handle existed', async () => {
    // A loaded host reads the node's packets late, so the exec's CHANNEL_SUCCESS, the output, the
    // exit-status, EOF and CLOSE arrive in one read. ssh2 emits 'exit' while parsing them, in the same
    // turn as the exec callback: a listener attached once exec()'s promise resolved never heard it,
    // and the command ended "unknown" (the lab's intermittent "channel closed without an exit status").
    // Here the client stops reading right after it sent the exec request and reads again only once
    // the command has run (the harness's sshd runs on this machine: its flag file shows it).
    const connection = await connectTo(lab, lab.hosts[1]!);
    const client = (connection as unknown as { client: SlowReader }).client;
    const send = client._protocol.exec.bind(client._protocol);
    const flag = `/tmp/quorum-late-read-${process.pid}`;
    let resumed: Promise<unknown> = Promise.resolve();
    client._protocol.exec = (...args: unknown[]) => {
      client._sock.pause();
      const sent = send(...args);
      resumed = waitFor(() => existsSync(flag), 20_000)
        .then(() => new Promise((resolve) => setTimeout(resolve, 500)))
        .finally(() => client._sock.resume());
      return sent;
    };
    try {
      const command = await connection.exec(`echo early; echo early-err >&2; touch ${flag}; exit 3`);
      // The output came in the same read as the exec's success, before anyone could listen: kept.
      const output = collect(command);
      await resumed;
      expect(await command.result).toEqual({ kind: 'exit', code: 3 });
      expect(output.stdout()).toBe('early\n');
      expect(output.stderr()).toBe('early-err\n');
    } finally {
      rmSync(flag, { force: true });
      connection.dispose();
    }
  });
});

/** The ssh2 internals the late-read test wraps. */
interface SlowReader {
  _sock: { pause(): void; resume(): void };
  _protocol: { exec: (...args: unknown[]) => unknown };
}

describe('lost connections', () => {
  it('a frozen peer ends a running command as unknown within the keepalive window', async () => {
    const host = lab.hosts[1]!;
    const connection = await connectTo(lab, host, { keepaliveIntervalMs: 500, keepaliveCountMax: 3 });
    const command = await connection.exec('sleep 3910; echo done');
    // The command runs before the freeze, so an empty group afterwards means it was reaped.
    await waitFor(() => command.pgid !== null && processGroup(command.pgid).length > 0);
    await expectUnknownWhenPeerFreezes(host, command, killLeftovers);
    expect(connection.state).toBe('closed');
    // Nothing of the command is left running on the node.
    expect(processGroup(command.pgid!)).toEqual([]);
  });

  it('a session killed mid-command is unknown, not success', async () => {
    const host = lab.hosts[1]!;
    const connection = await connectTo(lab, host);
    const command = await connection.exec('echo begun; sleep 3911; echo done');
    const output = collect(command);
    try {
      await waitFor(() => output.stdout().includes('begun'));
      host.killSessions();
      const end = await command.result;
      expect(end.kind).toBe('unknown');
      expect(connection.state).toBe('closed');
      expect(processGroup(command.pgid!)).not.toEqual([]);
    } finally {
      // sshd does not kill a command without a PTY when its session dies (reaping it is the runner's job).
      if (command.pgid !== null) await killLeftovers(command.pgid);
    }
    // Nothing of the command is left running on the node.
    expect(processGroup(command.pgid!)).toEqual([]);
  });
});
