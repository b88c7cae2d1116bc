/**
 * The app process is killed (SIGKILL) in the middle of a run; reopening the run shows each node's last
 * step, kills the commands the dead process left running on the nodes, re-checks the unknown ones by
 * their guard, and finishes the run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { startSshdLab, type SshdLab } from '../ssh/test-support/sshd-harness';
import { trustedKnownHosts } from '../ssh/test-support/connect';
import { PlanRunner } from './plan-runner';
import { collectingDeps, labPlan, labPool, step } from './test-support/plans';

let lab: SshdLab;
let work: string;
beforeAll(async () => {
  lab = await startSshdLab({ count: 3 });
  work = mkdtempSync(join(tmpdir(), 'quorum-resume-'));
});
afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The lab's nodes share this machine's process table: a sleep no other test uses marks ours. */
const SLEEP = 3917;
const leftovers = () =>
  execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim().endsWith(`sleep ${SLEEP}`)).length;

it('resumes a run after the app process was killed mid-run, killing what it left running', async () => {
  const nodes = ['node1', 'node2', 'node3'];
  const dir = join(work, 'files');
  for (const n of nodes) mkdirSync(join(dir, n), { recursive: true });
  writeFileSync(join(dir, 'slow'), '');
  const plan = labPlan(
    lab,
    nodes.flatMap((n) => [
      step(`prepare-${n}`, [n], [`touch ${dir}/${n}/prepared`], {
        guard: { command: `test -f ${dir}/${n}/prepared`, sudo: true },
      }),
      step(
        `install-${n}`,
        [n],
        [`if [ -f ${dir}/slow ]; then sleep ${SLEEP}; fi; echo run >> ${dir}/${n}/installed`],
        {
          dependsOn: [`prepare-${n}`],
          guard: { command: `test -s ${dir}/${n}/installed`, sudo: true },
          rerunSafe: false,
        },
      ),
      step(`finish-${n}`, [n], [`touch ${dir}/${n}/finished`], { dependsOn: [`install-${n}`] }),
    ]),
  );
  const knownHosts = await trustedKnownHosts(lab);
  // Inside the repository, so that the bundle's imports (ssh2, zod) resolve from node_modules.
  const bundle = join(process.cwd(), 'node_modules', '.cache', `runner-child-${process.pid}.mjs`);
  buildSync({
    entryPoints: [join(import.meta.dirname, 'test-support', 'runner-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
  });
  const runsDir = join(work, 'runs');
  const runId = 'crash-test';
  const journalPath = join(runsDir, runId, 'journal.jsonl');
  const child = spawn(
    process.execPath,
    [
      bundle,
      JSON.stringify({ plan, runsDir, runId, keyFile: lab.clientKeyFile, knownHosts: knownHosts.path }),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], cwd: process.cwd() },
  );
  // Kill it once every install step has started on its node (and its command runs there).
  const deadline = Date.now() + 20_000;
  const startedInstalls = () =>
    (existsSync(journalPath) ? readFileSync(journalPath, 'utf8') : '').match(
      /"t":"started","step":"install-/g,
    )?.length ?? 0;
  while (startedInstalls() < 3 || leftovers() < 3) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error('the child never reached the install steps');
    await new Promise((r) => setTimeout(r, 20));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  // sshd does not kill a command without a PTY when its client dies: the install steps keep running
  // (the reaper's report below shows they were still alive when the run resumed).
  expect(leftovers()).toBe(3);

  const deps = collectingDeps(labPool(lab, knownHosts));
  const reopened = await PlanRunner.reopen(join(runsDir, runId), deps);
  expect(reopened.state.status).toBe('interrupted');
  for (const n of nodes) {
    expect(reopened.state.tasks[`prepare-${n}`]![n]!.status).toBe('ok');
    expect(reopened.state.tasks[`install-${n}`]![n]!.status).toBe('unknown');
    expect(reopened.state.tasks[`finish-${n}`]![n]!.status).toBe('pending');
  }
  // node1's install actually completed meanwhile (its guard will say so); the others re-run.
  writeFileSync(join(dir, 'node1', 'installed'), 'run\n');
  rmSync(join(dir, 'slow'));
  // The killed run's trace files are on the nodes (which share the lab's root home here) ...
  const traces = join(lab.rootHome, '.cache', 'quorum', 'runs', runId);
  expect(existsSync(traces)).toBe(true);
  const state = await reopened.run();
  await reopened.close();
  expect(leftovers()).toBe(0);
  // ... and the finished run removed them.
  expect(existsSync(traces)).toBe(false);
  for (const n of nodes) {
    expect(deps.output.get(n)).toMatch(
      /killed 2 processes in 1 group left running by an earlier Quorum session/,
    );
    expect(deps.output.get(n)).toContain(`sleep ${SLEEP}`);
  }
  rmSync(bundle, { force: true });
  expect(state.status).toBe('done');
  expect(state.tasks['install-node1']!.node1!.byGuard).toBe(true);
  expect(state.tasks['install-node2']!.node2!.byGuard).toBe(false);
  expect(readFileSync(join(dir, 'node1', 'installed'), 'utf8')).toBe('run\n');
  expect(readFileSync(join(dir, 'node2', 'installed'), 'utf8')).toBe('run\n');
  for (const n of nodes) expect(existsSync(join(dir, n, 'finished'))).toBe(true);
});
