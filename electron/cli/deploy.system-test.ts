/**
 * `quorum deploy` against real sshd hosts on loopback (the harness): dry run, unknown host keys refused,
 * a real run streamed with hostname prefixes, and verification that exits 1 on a red check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerifyCheck } from '../../shared/verify/types';
import { startSshdLab, type SshdLab } from '../ssh/test-support/sshd-harness';
import { labPlan, step } from '../runner/test-support/plans';
import { deployCommand, type DeployIo } from './deploy';
import { main } from './index';

let lab: SshdLab;
let work: string;
let planFile: string;
let knownHosts: string;
beforeAll(async () => {
  lab = await startSshdLab({ count: 2 });
  work = mkdtempSync(join(tmpdir(), 'quorum-cli-deploy-'));
  planFile = join(work, 'plan.json');
  const plan = labPlan(lab, [
    step('hello', ['node1', 'node2'], ['true']),
    step('marker', ['node1', 'node2'], [`touch ${join(work, 'ran-$(id -u)')}`], { dependsOn: ['hello'] }),
  ]);
  // Each host says which it is through the address sshd answered on.
  plan.steps[0]!.actions = [
    {
      kind: 'run',
      command: 'echo "hello from ${SSH_CONNECTION##* 127}"; echo line two',
      sudo: false,
      okExitCodes: [0],
    },
  ];
  writeFileSync(planFile, JSON.stringify(plan));
  knownHosts = join(work, 'known_hosts');
  writeFileSync(knownHosts, `${lab.knownHostsLines().join('\n')}\n`);
});
afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

function capture(): DeployIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    colour: false,
    confirm: null,
    stdout: () => out,
    stderr: () => err,
  };
}

function checksFile(name: string, checks: Partial<VerifyCheck>[]): string {
  const file = join(work, name);
  const full = checks.map((c) => ({
    title: c.id,
    group: 'Test',
    nodes: ['node1', 'node2'],
    sudo: false,
    judge: { kind: 'exit-zero' },
    fix: 'what to do when it is red',
    ...c,
  }));
  writeFileSync(file, JSON.stringify(full));
  return file;
}

const common = () => [
  '--known-hosts',
  knownHosts,
  '--identity',
  lab.clientKeyFile,
  '--data-dir',
  join(work, 'data'),
  '--yes',
];

describe('quorum deploy', () => {
  it('--dry-run prints every command per node of a design and contacts nothing', async () => {
    const io = capture();
    const code = await deployCommand(
      ['assets/samples/book-lab.quorum', '--dry-run', '--scope', 'infrastructure'],
      io,
    );
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/galera_new_cluster|galera-new-cluster|mariadb/);
    expect(io.stdout()).not.toContain('keystone-manage');
  });

  it('refuses an unknown host key (shows the fingerprint, never adds it) and changes nothing', async () => {
    const empty = join(work, 'empty_known_hosts');
    writeFileSync(empty, '');
    const io = capture();
    const code = await deployCommand(
      [
        planFile,
        '--known-hosts',
        empty,
        '--identity',
        lab.clientKeyFile,
        '--data-dir',
        join(work, 'd0'),
        '--yes',
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.stderr()).toMatch(/SHA256:\S+ is not trusted/);
    expect(io.stderr()).toContain(empty);
    expect(readFileSync(empty, 'utf8')).toBe('');
  });

  it('runs the plan with hostname prefixes, prints the step summary and a green matrix: exit 0', async () => {
    const io = capture();
    const checks = checksFile('green.json', [{ id: 'shell', command: 'echo ok' }]);
    const code = await deployCommand([planFile, ...common(), '--verify', '--checks', checks], io);
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(/^node1 │ hello from /m);
    expect(out).toMatch(/^node2 │ line two$/m);
    expect(out).toMatch(/✔ hello\s+ok on 2 nodes/);
    expect(existsSync(join(work, 'ran-0'))).toBe(true);
    expect(out).toMatch(/Verification: 1 check on 2 nodes — 2 green, 0 red/);
    expect(out).toMatch(/Test: shell\s+✔ ok\s+✔ ok/);
    if (process.env.QUORUM_SHOW_OUTPUT) console.log(out);
  });

  it('a red check gives exit 1 with the observed value and the fix; --verify-only deploys nothing', async () => {
    const io = capture();
    const checks = checksFile('red.json', [
      {
        id: 'galera.cluster-size',
        command: `mysql -Nse "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2`,
        judge: { kind: 'equals', expected: '3' },
      },
      {
        id: 'node1-only',
        command:
          'case "$SSH_CONNECTION" in *" ' + lab.hosts[0]!.host + ' "*) exit 0 ;; *) echo no; exit 4 ;; esac',
      },
    ]);
    const code = await deployCommand([planFile, ...common(), '--verify-only', '--checks', checks], io);
    expect(code).toBe(1);
    const out = io.stdout();
    expect(out).not.toContain('hello from');
    expect(out).toMatch(/Verification: 2 checks on 2 nodes — 1 green, 3 red/);
    expect(out).toMatch(
      /✘ galera\.cluster-size on node1: \(empty\) ERROR 2002 \(HY000\): Can't connect .*\(expected 3\)/,
    );
    expect(out).toContain('✘ node1-only on node2: exit 4: no (expected exit 0)');
    expect(out).toContain('fix: what to do when it is red');
    if (process.env.QUORUM_SHOW_OUTPUT) console.log(out);
  });

  it('--json prints the preflight, the run and the report as one JSON document', async () => {
    const io = capture();
    const checks = checksFile('json.json', [{ id: 'shell', command: 'echo ok' }]);
    const code = await deployCommand(
      [planFile, ...common(), '--verify-only', '--json', '--checks', checks],
      io,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(io.stdout()) as { run: unknown; verify: { results: { status: string }[] } };
    expect(doc.run).toBeNull();
    expect(doc.verify.results.map((r) => r.status)).toEqual(['pass', 'pass']);
  });

  it('usage errors exit 2: a bad scope, no terminal without --yes, a plan file without checks', async () => {
    expect(await main(['deploy', planFile, '--scope', 'everything'])).toBe(2);
    await expect(deployCommand([planFile], capture())).rejects.toThrow(/--yes/);
    await expect(deployCommand([planFile, '--verify', '--yes'], capture())).rejects.toThrow(/--checks FILE/);
  });
});
