/**
 * The runner against real sshd hosts, scheduling and failures: order, modes, guards, one remote command
 * per guard and action, a failure stopping the run, retry, skip, and cancel.
 */
import { describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SshConnection } from '../ssh/connection';
import { processCommandLines } from '../ssh/test-support/lab-tests';
import { labPlan, step } from './test-support/plans';
import { runnerLabPerFile, type RunnerLab } from './test-support/runner-lab';

let env: RunnerLab;
runnerLabPerFile(3, (started) => (env = started));
const nodes = ['node1', 'node2', 'node3'];

describe('PlanRunner', () => {
  it('runs steps in dependency order, serial steps one node at a time, then skips done work by guard', async () => {
    const dir = env.fresh('order');
    // Files per node: the lab's nodes share this machine's disk, so each node writes under its own folder.
    const plan = labPlan(env.lab, [
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
    const deps = env.deps();
    const runner = await env.runner(plan, deps);
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

    const again = await env.runner(plan, env.deps());
    const second = await again.run();
    await again.close();
    expect(second.status).toBe('done');
    const all = Object.values(second.tasks).flatMap((t) => Object.values(t));
    expect(all.every((t) => t.byGuard)).toBe(true);
    expect(readFileSync(`${dir}/one.log`, 'utf8')).toBe('once\n');
  });

  it('runs a guard and a command action as one remote command, and judges each part', async () => {
    const dir = env.fresh('batched');
    const marker = `${dir}/node1/installed`;
    const plan = labPlan(env.lab, [
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
    const deps = env.deps();
    const first = await env.runner(plan, deps, { onFailure: 'continue-other-nodes' });
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
    const again = await env.runner(plan, env.deps());
    const second = await again.run();
    await again.close();
    expect(second.tasks.install!.node1).toMatchObject({ status: 'ok', byGuard: true });
    expect(exec.mock.calls.filter((c) => !c[0].includes('.cache/quorum')).length).toBeGreaterThan(0);
    expect(readFileSync(marker, 'utf8')).toBe('run\n');
    exec.mockRestore();
  });

  it('on a failure stops scheduling, lets running tasks finish, and a retry completes the run', async () => {
    const dir = env.fresh('fail');
    writeFileSync(`${dir}/broken-node2`, '');
    const plan = labPlan(env.lab, [
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
    const runner = await env.runner(plan, env.deps());
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
    const dir = env.fresh('continue');
    const plan = labPlan(env.lab, [
      step('a', nodes, [`case "$SSH_CONNECTION" in *" ${env.lab.hosts[1]!.host} "*) exit 7;; esac; true`]),
      step('b', nodes, [`echo "b on $SSH_CONNECTION" >> ${dir}/b.log`], { dependsOn: ['a'] }),
    ]);
    const runner = await env.runner(plan, env.deps(), { onFailure: 'continue-other-nodes' });
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
    const plan = labPlan(env.lab, [step('long', nodes, ['echo begun; sleep 3950'])]);
    const deps = env.deps();
    const runner = await env.runner(plan, deps);
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
    const sleeping = processCommandLines().filter((line) => line === 'sleep 3950 ');
    expect(sleeping).toEqual([]);
  });
});
