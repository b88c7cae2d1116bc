/**
 * The runner against real sshd hosts: order, modes, failures, retry, skip, guards, masking, dry run.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshdLab, type SshdLab } from '../ssh/test-support/sshd-harness';
import { trustedKnownHosts } from '../ssh/test-support/connect';
import type { KnownHostsFile } from '../ssh/known-hosts';
import { SshConnection } from '../ssh/connection';
import { dryRun } from '../../shared/deploy/dry-run';
import { SECRET_MASK } from '../../shared/deploy/secret-masker';
import { RunOptions } from '../../shared/deploy/run-state';
import { PlanRunner } from './plan-runner';
import { HIGH_WATERMARK } from './output-pump';
import { Journal } from './journal';
import { collectingDeps, labPlan, labPool, step } from './test-support/plans';

let lab: SshdLab;
let knownHosts: KnownHostsFile;
let work: string;
const nodes = ['node1', 'node2', 'node3'];
const options = (o: Partial<RunOptions> = {}) => RunOptions.parse(o);

beforeAll(async () => {
  lab = await startSshdLab({ count: 3 });
  knownHosts = await trustedKnownHosts(lab);
  work = mkdtempSync(join(tmpdir(), 'quorum-runner-'));
});
afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

function fresh(name: string): string {
  const dir = join(work, name);
  for (const n of nodes) mkdirSync(join(dir, n), { recursive: true });
  return dir;
}

describe('PlanRunner', () => {
  it('runs steps in dependency order, serial steps one node at a time, then skips done work by guard', async () => {
    const dir = fresh('order');
    // Files per node: the lab's nodes share this machine's disk, so each node writes under its own folder.
    const plan = labPlan(lab, [
      ...nodes.map((n) =>
        step(
          `conf-${n}`,
          [n],
          [
            {
              kind: 'write-file',
              path: `${dir}/${n}/app.conf`,
              owner: 'root',
              group: 'root',
              mode: '0640',
              content: `node=${n}\n`,
              sudo: true,
            },
          ],
          { guard: { command: `test -f ${dir}/${n}/app.conf`, sudo: true } },
        ),
      ),
      step(
        'serial',
        nodes,
        [`echo "start $$" >> ${dir}/serial.log; sleep 0.3; echo "end $$" >> ${dir}/serial.log`],
        {
          mode: 'serial',
          dependsOn: nodes.map((n) => `conf-${n}`),
          guard: { command: `test "$(grep -c end ${dir}/serial.log 2>/dev/null)" = 3`, sudo: true },
        },
      ),
      step('one', nodes, [`echo once >> ${dir}/one.log`], {
        mode: 'one',
        dependsOn: ['serial'],
        guard: { command: `test -f ${dir}/one.log`, sudo: true },
      }),
    ]);
    const deps = collectingDeps(labPool(lab, knownHosts));
    const runner = await PlanRunner.create(plan, options(), join(work, 'runs'), deps);
    const state = await runner.run();
    await runner.close();
    expect(state.status).toBe('done');
    for (const n of nodes) {
      expect(readFileSync(`${dir}/${n}/app.conf`, 'utf8')).toBe(`node=${n}\n`);
    }
    const serial = readFileSync(`${dir}/serial.log`, 'utf8').trim().split('\n');
    expect(serial.map((l) => l.split(' ')[0])).toEqual(['start', 'end', 'start', 'end', 'start', 'end']);
    expect(readFileSync(`${dir}/one.log`, 'utf8')).toBe('once\n');
    expect(Object.keys(state.tasks.one!)).toEqual(['node1']);
    expect(deps.output.get('node1')).toContain('Step serial');

    const again = await PlanRunner.create(
      plan,
      options(),
      join(work, 'runs'),
      collectingDeps(labPool(lab, knownHosts)),
    );
    const second = await again.run();
    await again.close();
    expect(second.status).toBe('done');
    const all = Object.values(second.tasks).flatMap((t) => Object.values(t));
    expect(all.every((t) => t.byGuard)).toBe(true);
    expect(readFileSync(`${dir}/one.log`, 'utf8')).toBe('once\n');
  });

  it('fills secrets into guards (never shown): a file with a secret is found done on a run again', async () => {
    const dir = fresh('guard-secret');
    const path = `${dir}/node1/cookie`;
    const plan = labPlan(lab, [
      step(
        'cookie',
        ['node1'],
        [
          {
            kind: 'write-file',
            path,
            owner: 'root',
            group: 'root',
            mode: '0400',
            content: '{{secret:cookie}}',
            sudo: true,
          },
        ],
        { guard: { command: `test "$(cat ${path} 2>/dev/null)" = '{{secret:cookie}}'`, sudo: true } },
      ),
    ]);
    const secrets = { cookie: 'S3cretCookieValue' };
    const first = await PlanRunner.create(
      plan,
      options(),
      join(work, 'runs'),
      collectingDeps(labPool(lab, knownHosts), secrets),
    );
    expect((await first.run()).tasks.cookie!.node1!.byGuard).toBe(false);
    await first.close();
    const deps = collectingDeps(labPool(lab, knownHosts), secrets);
    const again = await PlanRunner.create(plan, options(), join(work, 'runs'), deps);
    const state = await again.run();
    await again.close();
    expect(state.tasks.cookie!.node1).toMatchObject({ status: 'ok', byGuard: true });
    expect(deps.output.get('node1')).not.toContain(secrets.cookie);
    // With another value the guard does not hold and the step runs.
    const changed = collectingDeps(labPool(lab, knownHosts), { cookie: 'AnotherValue' });
    const third = await PlanRunner.create(plan, options(), join(work, 'runs'), changed);
    expect((await third.run()).tasks.cookie!.node1).toMatchObject({ status: 'ok', byGuard: false });
    await third.close();
    expect(readFileSync(path, 'utf8')).toBe('AnotherValue');
  });

  it('runs a guard and a command action as one remote command, and judges each part', async () => {
    const dir = fresh('batched');
    const marker = `${dir}/node1/installed`;
    const plan = labPlan(lab, [
      step(
        'install',
        ['node1'],
        [`echo installing; echo to-stderr >&2; echo run >> ${marker}`, `test -s ${marker}`],
        { guard: { command: `echo checking; test -s ${marker}`, sudo: true } },
      ),
      step('broken', ['node2'], ['echo no >&2; exit 3'], {
        guard: { command: 'false', sudo: true },
      }),
    ]);
    // Remote commands go through `run` (a step shell, or a session of their own).
    const exec = vi.spyOn(SshConnection.prototype, 'run');
    const deps = collectingDeps(labPool(lab, knownHosts));
    const first = await PlanRunner.create(
      plan,
      options({ onFailure: 'continue-other-nodes' }),
      join(work, 'runs'),
      deps,
    );
    const state = await first.run();
    await first.close();
    // install: guard + first action in one session, then the second action; broken: one session.
    const commands = exec.mock.calls.map((c) => c[0]).filter((c) => !c.includes('.cache/quorum'));
    expect(commands).toHaveLength(3);
    expect(state.tasks.install!.node1).toMatchObject({ status: 'ok', byGuard: false });
    expect(state.tasks.broken!.node2).toMatchObject({ status: 'failed', exitCode: 3, stderrTail: 'no' });
    const out = deps.output.get('node1')!;
    // stdout keeps its order; the note comes from the marker on stderr, a stream of its own.
    expect(out).toMatch(/checking\n[^]*installing\n/);
    expect(out).toContain('$ echo installing');
    expect(out).toContain('to-stderr');
    expect(out).not.toContain('guard_failed');
    expect(readFileSync(marker, 'utf8')).toBe('run\n');
    exec.mockClear();
    const again = await PlanRunner.create(
      plan,
      options(),
      join(work, 'runs'),
      collectingDeps(labPool(lab, knownHosts)),
    );
    const second = await again.run();
    await again.close();
    expect(second.tasks.install!.node1).toMatchObject({ status: 'ok', byGuard: true });
    expect(exec.mock.calls.filter((c) => !c[0].includes('.cache/quorum')).length).toBeGreaterThan(0);
    expect(readFileSync(marker, 'utf8')).toBe('run\n');
    exec.mockRestore();
  });

  it('on a failure stops scheduling, lets running tasks finish, and a retry completes the run', async () => {
    const dir = fresh('fail');
    writeFileSync(`${dir}/broken-node2`, '');
    const plan = labPlan(lab, [
      step('a', nodes, ['true']),
      ...nodes.map((n) =>
        step(
          `b-${n}`,
          [n],
          [
            n === 'node2'
              ? `if [ -f ${dir}/broken-node2 ]; then echo "disk full on ${n}" >&2; exit 3; fi; touch ${dir}/${n}/b`
              : `sleep 0.5; touch ${dir}/${n}/b`,
          ],
          { dependsOn: ['a'] },
        ),
      ),
      step('c', nodes, [`touch ${dir}/c-$$`], { dependsOn: nodes.map((n) => `b-${n}`) }),
    ]);
    const runner = await PlanRunner.create(
      plan,
      options(),
      join(work, 'runs'),
      collectingDeps(labPool(lab, knownHosts)),
    );
    const state = await runner.run();
    expect(state.status).toBe('failed');
    const failed = state.tasks['b-node2']!.node2!;
    expect(failed).toMatchObject({ status: 'failed', exitCode: 3, message: 'exit code 3' });
    expect(failed.stderrTail).toContain('disk full on node2');
    // Running tasks finished; nothing new started.
    expect(existsSync(`${dir}/node1/b`)).toBe(true);
    expect(existsSync(`${dir}/node3/b`)).toBe(true);
    expect(state.tasks.c!.node1!.status).toBe('pending');

    rmSync(`${dir}/broken-node2`);
    await runner.retry('b-node2', 'node2');
    const after = await runner.run();
    await runner.close();
    expect(after.status).toBe('done');
    expect(after.tasks['b-node2']!.node2!.attempts).toBe(2);
  });

  it('continues the other nodes when asked to, and a skip lets dependants run', async () => {
    const dir = fresh('continue');
    const plan = labPlan(lab, [
      step('a', nodes, [`case "$SSH_CONNECTION" in *" ${lab.hosts[1]!.host} "*) exit 7;; esac; true`]),
      step('b', nodes, [`echo "b on $SSH_CONNECTION" >> ${dir}/b.log`], { dependsOn: ['a'] }),
    ]);
    const runner = await PlanRunner.create(
      plan,
      options({ onFailure: 'continue-other-nodes' }),
      join(work, 'runs'),
      collectingDeps(labPool(lab, knownHosts)),
    );
    const state = await runner.run();
    expect(state.tasks.a!.node2!.status).toBe('failed');
    expect(state.tasks.b!.node1!.status).toBe('ok');
    expect(state.tasks.b!.node3!.status).toBe('ok');
    expect(state.tasks.b!.node2!.status).toBe('pending');
    await runner.skip('a', 'node2');
    const after = await runner.run();
    await runner.close();
    expect(after.status).toBe('done');
    expect(after.tasks.a!.node2!.status).toBe('skipped');
    expect(readFileSync(`${dir}/b.log`, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('cancel kills running steps on every node and leaves nothing running', async () => {
    const plan = labPlan(lab, [step('long', nodes, ['echo begun; sleep 3950'])]);
    const deps = collectingDeps(labPool(lab, knownHosts));
    const runner = await PlanRunner.create(plan, options(), join(work, 'runs'), deps);
    const done = runner.run();
    const deadline = Date.now() + 10_000;
    while (!nodes.every((n) => deps.output.get(n)?.includes('sleep 3950')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // Cancel as soon as the step header is out: the commands may not even have started yet.
    runner.cancel();
    const state = await done;
    await runner.close();
    expect(state.status).toBe('stopped');
    for (const n of nodes)
      expect(state.tasks.long![n]).toMatchObject({ status: 'failed', message: 'cancelled' });
    const sleeping = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8') === 'sleep\u00003950\u0000';
        } catch {
          return false;
        }
      });
    expect(sleeping).toEqual([]);
  });

  it('masks a secret echoed by the remote split across chunks, in the stream, the log and the journal', async () => {
    const secret = 'Gal3ra-r00t-pw';
    const quoted = 'q"uo\\te';
    const plan = labPlan(lab, [
      step(
        'leak',
        ['node1'],
        [
          `printf 'password is Gal3'; sleep 0.3; printf 'ra-r00t-pw!\\n'; echo {{secret:db_root}} >&2; printf '%s\\n' '{{secret:quoted}}' >&2; exit 1`,
        ],
      ),
    ]);
    const deps = collectingDeps(labPool(lab, knownHosts), { db_root: secret, quoted });
    const runner = await PlanRunner.create(plan, options(), join(work, 'runs'), deps);
    const state = await runner.run();
    await runner.close();
    const output = deps.output.get('node1')!;
    expect(output).toContain(`password is ${SECRET_MASK}!`);
    expect(output).not.toContain('Gal3ra');
    expect(state.tasks.leak!.node1!.stderrTail).toBe(`${SECRET_MASK}\n${SECRET_MASK}`);
    const log = readFileSync(join(runner.runDir, 'logs', 'node1.log'), 'utf8');
    expect(log).toContain(`password is ${SECRET_MASK}!`);
    expect(log).not.toContain(secret);
    const journal = readFileSync(join(runner.runDir, 'journal.jsonl'), 'utf8');
    expect(journal).not.toContain(secret);
    expect(journal).not.toContain(JSON.stringify(quoted).slice(1, -1));
    expect(journal).toContain(SECRET_MASK);
  });

  it('dry run lists every command and file per node and touches nothing', async () => {
    const dir = fresh('dry');
    const plan = labPlan(lab, [
      step('w', nodes, [
        {
          kind: 'write-file',
          path: `${dir}/dry.conf`,
          owner: 'root',
          group: 'root',
          mode: '0600',
          content: 'pw={{secret:x}}\n',
          sudo: true,
        },
        `touch ${dir}/touched`,
      ]),
    ]);
    const logBefore = lab.hosts.map((h) => h.log().length);
    const listing = dryRun(plan);
    expect(listing.map((n) => n.node)).toEqual(nodes);
    expect(listing[0]!.items).toEqual([
      expect.objectContaining({
        kind: 'write-file',
        path: `${dir}/dry.conf`,
        mode: '0600',
        content: 'pw={{secret:x}}\n',
      }),
      expect.objectContaining({ kind: 'run', command: `touch ${dir}/touched` }),
    ]);
    expect(existsSync(`${dir}/dry.conf`)).toBe(false);
    expect(existsSync(`${dir}/touched`)).toBe(false);
    expect(lab.hosts.map((h) => h.log().length)).toEqual(logBefore);
  });

  it('pauses the channels above the high watermark until the renderer acknowledges; nothing is lost', async () => {
    const size = 4 * HIGH_WATERMARK;
    const plan = labPlan(lab, [step('flood', ['node1'], [`head -c ${size} /dev/zero | tr '\\0' z`])]);
    const deps = collectingDeps(labPool(lab, knownHosts), {}, true);
    const runner = await PlanRunner.create(plan, options(), join(work, 'runs'), deps);
    const done = runner.run();
    const received = () => (deps.output.get('node1') ?? '').length;
    const deadline = Date.now() + 10_000;
    while (!runner.pump.isPaused && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(runner.pump.isPaused).toBe(true);
    const atPause = received();
    expect(atPause).toBeLessThan(size / 2);
    // Acknowledge as a renderer would, in slices, until the run ends.
    let acked = 0;
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      if (received() > acked) {
        runner.pump.ack(received() - acked);
        acked = received();
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const state = await done;
    await runner.close();
    expect(state.status).toBe('done');
    // The flood arrives as one unbroken run of z (scanned: a regex over MBs overflows the stack).
    const output = deps.output.get('node1') ?? '';
    const start = output.indexOf('z'.repeat(1000));
    let end = start;
    while (end < output.length && output.charCodeAt(end) === 0x7a) end++;
    expect(end - start).toBe(size);
    expect(runner.pump.peakUnacked).toBeLessThan(2 * HIGH_WATERMARK);
    const records = await Journal.read(join(runner.runDir, 'journal.jsonl'));
    expect(records.map((r) => r.t)).toEqual(['run', 'status', 'intent', 'started', 'result', 'status']);
  });
});
