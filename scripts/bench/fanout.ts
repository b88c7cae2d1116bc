/**
 * `npm run bench:fanout`: N loopback sshd hosts (default 50), a plan of 5 trivial steps on all of them.
 * Prints Quorum's wall time and, on the same hosts in the same run, ansible-core's (forks=N, SSH
 * ControlPersist on, pipelining) and parallel-ssh's. Figures only, no assertions.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshdLab, type SshdLab } from '../../electron/ssh/test-support/sshd-harness';
import { trustedKnownHosts } from '../../electron/ssh/test-support/connect';
import { PlanRunner } from '../../electron/runner/plan-runner';
import { RunOptions } from '../../shared/deploy/run-state';
import { collectingDeps, labPlan, labPool, step } from '../../electron/runner/test-support/plans';

const HOSTS = Number(process.argv[2] ?? 50);
const STEPS = 5;

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

async function quorum(lab: SshdLab, work: string): Promise<number> {
  const nodes = lab.hosts.map((h) => h.name);
  const steps = Array.from({ length: STEPS }, (_, i) =>
    step(`s${i + 1}`, nodes, ['true'], { dependsOn: i === 0 ? [] : [`s${i}`] }),
  );
  const plan = labPlan(lab, steps);
  const knownHosts = await trustedKnownHosts(lab);
  const started = performance.now();
  const runner = await PlanRunner.create(
    plan,
    RunOptions.parse({ concurrency: HOSTS }),
    join(work, 'runs'),
    collectingDeps(labPool(lab, knownHosts)),
  );
  const state = await runner.run();
  const elapsed = performance.now() - started;
  await runner.close();
  if (state.status !== 'done') throw new Error(`Quorum run ended ${state.status}`);
  return elapsed;
}

function ansible(lab: SshdLab, work: string): number | string {
  if (!has('ansible-playbook')) return 'not installed (apt ansible-core)';
  const inventory = lab.hosts
    .map((h) => `${h.name} ansible_host=${h.host} ansible_port=${h.port} ansible_user=root`)
    .join('\n');
  writeFileSync(join(work, 'inventory'), `[lab]\n${inventory}\n`);
  writeFileSync(
    join(work, 'ansible.cfg'),
    [
      '[defaults]',
      `forks = ${HOSTS}`,
      'host_key_checking = False',
      `private_key_file = ${lab.clientKeyFile}`,
      'interpreter_python = /usr/bin/python3',
      'gathering = explicit',
      '[ssh_connection]',
      `control_path_dir = ${join(work, 'cp')}`,
      'ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/dev/null',
      'pipelining = True',
    ].join('\n') + '\n',
  );
  const tasks = Array.from(
    { length: STEPS },
    (_, i) => `    - name: step ${i + 1}\n      command: /bin/true`,
  ).join('\n');
  writeFileSync(join(work, 'play.yml'), `- hosts: lab\n  gather_facts: false\n  tasks:\n${tasks}\n`);
  const started = performance.now();
  const result = spawnSync('ansible-playbook', ['-i', join(work, 'inventory'), join(work, 'play.yml')], {
    cwd: work,
    env: { ...process.env, ANSIBLE_CONFIG: join(work, 'ansible.cfg') },
    encoding: 'utf8',
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) return `failed: ${result.stdout.slice(-500)}${result.stderr.slice(-500)}`;
  return elapsed;
}

function pssh(lab: SshdLab, work: string): number | string {
  const binary = has('parallel-ssh') ? 'parallel-ssh' : has('pssh') ? 'pssh' : null;
  if (!binary) return 'not installed (apt pssh)';
  writeFileSync(join(work, 'hosts'), lab.hosts.map((h) => `root@${h.host}:${h.port}`).join('\n') + '\n');
  const started = performance.now();
  for (let i = 0; i < STEPS; i++) {
    const result = spawnSync(
      binary,
      [
        '-h',
        join(work, 'hosts'),
        '-p',
        String(HOSTS),
        '-x',
        `-i ${lab.clientKeyFile} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`,
        'true',
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) return `failed: ${result.stdout.slice(-400)}`;
  }
  return performance.now() - started;
}

const work = mkdtempSync(join(tmpdir(), 'quorum-bench-fanout-'));
console.log(
  `bench:fanout — ${HOSTS} loopback sshd hosts, ${STEPS} trivial steps each (${execFileSync('nproc').toString().trim()} cores)`,
);
/** The machine's load: figures on a shared 2-core machine mean little without it. */
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`  load average at start: ${load()}`);
const labStarted = performance.now();
const lab = await startSshdLab({ count: HOSTS, first: 2 });
console.log(`  started ${HOSTS} sshd in ${((performance.now() - labStarted) / 1000).toFixed(1)} s`);
try {
  const results: [string, number | string][] = [];
  results.push([
    'Quorum (ssh2, one connection per node, concurrency ' + HOSTS + ')',
    await quorum(lab, work),
  ]);
  results.push([`ansible-core (forks=${HOSTS}, ControlPersist, pipelining)`, ansible(lab, work)]);
  results.push([`parallel-ssh (-p ${HOSTS}, one run per step)`, pssh(lab, work)]);
  for (const [name, value] of results) {
    console.log(
      `  ${name.padEnd(62)} ${typeof value === 'number' ? `${(value / 1000).toFixed(2)} s` : value}`,
    );
  }
  console.log(`  load average at end: ${load()}`);
  const q = results[0]![1];
  const a = results[1]![1];
  if (typeof q === 'number' && typeof a === 'number') {
    console.log(`  Quorum / ansible = ${(q / a).toFixed(2)} (target ≤ 0.5)`);
  }
} finally {
  await lab.stop();
  rmSync(work, { recursive: true, force: true });
}
