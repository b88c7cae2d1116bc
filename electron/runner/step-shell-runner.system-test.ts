/**
 * The runner over step shells, against real sshd hosts: a node's tasks share one SSH session, the shells
 * end with the run, and flow control pausing a shell's channel holds up nothing after it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshdLab, type SshdLab } from '../ssh/test-support/sshd-harness';
import { trustedKnownHosts } from '../ssh/test-support/connect';
import type { KnownHostsFile } from '../ssh/known-hosts';
import { RunOptions } from '../../shared/deploy/run-state';
import { PlanRunner } from './plan-runner';
import { collectingDeps, labPlan, labPool, step } from './test-support/plans';

let lab: SshdLab;
let knownHosts: KnownHostsFile;
let work: string;
beforeAll(async () => {
  lab = await startSshdLab({ count: 2 });
  knownHosts = await trustedKnownHosts(lab);
  work = mkdtempSync(join(tmpdir(), 'quorum-step-shells-'));
});
afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Sessions sshd started on a host so far (logged at LogLevel VERBOSE). */
const sessions = (index: number) =>
  (lab.hosts[index]!.log().match(/Starting session: command for/g) ?? []).length;

/**
 * Step shell drivers of this file's lab running on this machine: their command line carries the desync
 * marker, and their SSH_CONNECTION names one of this lab's hosts (another run on the machine, a lab suite or
 * a parallel test file, has drivers of its own).
 */
const drivers = () => {
  const ours = lab.hosts.map((h) => ` ${h.host} ${h.port}\0`);
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('_desync__')) return false;
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
        return /SSH_CONNECTION=/.test(environ) && ours.some((o) => environ.includes(o));
      } catch {
        return false;
      }
    }).length;
};

it("runs a node's tasks (guards, commands, files) over one session and ends its shells with the run", async () => {
  const nodes = ['node1', 'node2'];
  const dir = join(work, 'files');
  for (const n of nodes) mkdirSync(join(dir, n), { recursive: true });
  const plan = labPlan(lab, [
    step('one', nodes, ['echo one']),
    step('two', nodes, ['echo two; echo to-stderr >&2'], { dependsOn: ['one'] }),
    ...nodes.map((n) =>
      step(
        `file-${n}`,
        [n],
        [
          {
            kind: 'write-file',
            path: `${dir}/${n}/conf`,
            owner: 'root',
            group: 'root',
            mode: '0640',
            content: `node=${n}\n`,
            sudo: true,
          },
        ],
        { dependsOn: ['two'], guard: { command: `test -f ${dir}/${n}/conf`, sudo: true } },
      ),
    ),
    step('three', nodes, ['echo three', 'exit 4'], { dependsOn: nodes.map((n) => `file-${n}`) }),
  ]);
  const before = [sessions(0), sessions(1)];
  const deps = collectingDeps(labPool(lab, knownHosts));
  const runner = await PlanRunner.create(plan, RunOptions.parse({}), join(work, 'runs'), deps);
  const running = runner.run();
  let finished = false;
  void running.then(() => (finished = true));
  let seenDrivers = 0;
  while (!finished) {
    seenDrivers = Math.max(seenDrivers, drivers());
    await new Promise((r) => setTimeout(r, 20));
  }
  const state = await running;
  expect(state.tasks.three!.node1).toMatchObject({ status: 'failed', exitCode: 4 });
  expect(state.tasks['file-node1']!.node1).toMatchObject({ status: 'ok', byGuard: false });
  expect(readFileSync(`${dir}/node1/conf`, 'utf8')).toBe('node=node1\n');
  expect(deps.output.get('node2')).toMatch(/one\n[^]*two\n[^]*to-stderr\n/);
  await runner.close();
  expect(seenDrivers).toBeGreaterThan(0);
  // The drivers read EOF and exit.
  const deadline = Date.now() + 5000;
  while (drivers() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(drivers()).toBe(0);
  // Per node: one session for the step shell, one for the trace cleanup after the run (four tasks of
  // six remote commands would otherwise take six sessions, and one).
  expect([sessions(0) - before[0]!, sessions(1) - before[1]!]).toEqual([2, 2]);
});

it('a channel paused by flow control holds up no task after it; nothing is lost', async () => {
  const size = 3 * 1024 * 1024;
  const plan = labPlan(lab, [
    step('flood-a', ['node1'], [`head -c ${size} /dev/zero | tr '\\0' a`]),
    step('flood-b', ['node1'], [`head -c ${size} /dev/zero | tr '\\0' b`], { dependsOn: ['flood-a'] }),
    step('after', ['node1'], ['echo after-the-floods'], { dependsOn: ['flood-b'] }),
  ]);
  const deps = collectingDeps(labPool(lab, knownHosts), {}, true);
  const runner = await PlanRunner.create(plan, RunOptions.parse({}), join(work, 'runs'), deps);
  const done = runner.run();
  const received = () => (deps.output.get('node1') ?? '').length;
  let finished = false;
  let pauses = 0;
  void done.then(() => (finished = true));
  let acked = 0;
  while (!finished) {
    if (runner.pump.isPaused) {
      pauses += 1;
      // A slow renderer: acknowledge in slices.
      const slice = Math.min(received() - acked, 512 * 1024);
      runner.pump.ack(slice);
      acked += slice;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const state = await done;
  await runner.close();
  expect(state.status).toBe('done');
  expect(pauses).toBeGreaterThan(0);
  const out = deps.output.get('node1')!;
  expect((out.match(/a{1000,}/g) ?? []).join('').length).toBe(size);
  expect((out.match(/b{1000,}/g) ?? []).join('').length).toBe(size);
  expect(out).toContain('after-the-floods');
});
