/**
 * Verification over real SSH (the loopback sshd harness): a check that passes and one that fails on a real
 * host with the observed value, a cross-node check, secrets masked, and the report kept on disk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventHub } from '../../shared/api/dispatcher';
import type { VerifyCheck, VerifyReport } from '../../shared/verify/types';
import { startSshdLab, type SshdLab } from '../ssh/test-support/sshd-harness';
import { DeployService } from '../runner/deploy-service';
import { labPlan, step } from '../runner/test-support/plans';
import { VerifyService } from './verify-service';

let lab: SshdLab;
let work: string;
beforeAll(async () => {
  lab = await startSshdLab({ count: 2 });
  work = mkdtempSync(join(tmpdir(), 'quorum-verify-'));
});
afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

function check(
  id: string,
  command: string,
  judge: VerifyCheck['judge'],
  extra: Partial<VerifyCheck> = {},
): VerifyCheck {
  return {
    id,
    title: id,
    group: 'test',
    nodes: ['node1', 'node2'],
    command,
    sudo: true,
    timeoutMs: 10_000,
    judge,
    across: 'each',
    perNode: {},
    fix: 'test fix',
    ...extra,
  };
}

async function session(
  dir: string,
): Promise<{ deploy: DeployService; verify: VerifyService; events: VerifyReport[] }> {
  const hub = createEventHub();
  const events: VerifyReport[] = [];
  hub.subscribe('verifyReport', (payload) => events.push((payload as { report: VerifyReport }).report));
  const deploy = new DeployService(join(work, dir), hub);
  await deploy.knownHosts.addLines(lab.knownHostsLines());
  await deploy.setCredentials({
    target: '*',
    identityFile: lab.clientKeyFile,
    sudoPassword: 'never-shown-42',
  });
  await deploy.loadPlan(labPlan(lab, [step('s', ['node1', 'node2'], ['true'])]));
  return { deploy, verify: new VerifyService(deploy, hub, join(work, dir)), events };
}

describe('VerifyService on real sshd hosts', () => {
  it('green and red cells with the observed value, a cross-node check, secrets masked, the report kept', async () => {
    const { deploy, verify, events } = await session('a');
    const [n1, n2] = lab.hosts;
    const checks = [
      // sshd listens on each host's own loopback address: a real check that passes.
      check(
        'sshd.listening',
        `ss -Hltn 'sport = :${n1!.port}' ; ss -Hltn 'sport = :${n2!.port}'`,
        {
          kind: 'listening',
          address: n1!.host,
          port: n1!.port,
        },
        { perNode: { node2: { judge: { kind: 'listening', address: n2!.host, port: n2!.port } } } },
      ),
      // The real Galera check: these hosts run no MariaDB, so it is red with what mysql said.
      check('galera.cluster-size', `mysql -Nse "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2`, {
        kind: 'equals',
        expected: '3',
      }),
      // Exactly one node "holds" node1's address: green on both.
      check(
        'vip.test',
        `case "$SSH_CONNECTION" in *" ${n1!.host} "*) echo held ;; *) echo not-held ;; esac`,
        { kind: 'equals', expected: 'held' },
        { across: 'exactly-one', sudo: false },
      ),
      check('masked', 'echo the password is never-shown-42; exit 3', { kind: 'exit-zero' }),
      check('secret', "echo '{{secret:nope}}'", { kind: 'exit-zero' }, { nodes: ['node1'] }),
    ];
    const report = await verify.run(checks);
    const cell = (c: string, n: string) => report.results.find((r) => r.check === c && r.node === n)!;
    expect(report.status).toBe('done');
    expect(cell('sshd.listening', 'node1')).toMatchObject({
      status: 'pass',
      observed: expect.stringContaining(`${n1!.host}:${n1!.port}`),
    });
    expect(cell('sshd.listening', 'node2').status).toBe('pass');
    // The size is empty (mysql failed, `cut` exits 0): red with "(empty)", mysql's complaint in the tail.
    expect(cell('galera.cluster-size', 'node1')).toMatchObject({ status: 'fail', expected: '3' });
    expect(cell('galera.cluster-size', 'node1').observed).toMatch(/^\(empty\) ERROR 2002/);
    expect(cell('galera.cluster-size', 'node1').tail).toMatch(/Can't connect|ERROR/);
    expect(cell('vip.test', 'node1')).toMatchObject({ status: 'pass', observed: 'here; held by node1' });
    expect(cell('vip.test', 'node2')).toMatchObject({ status: 'pass', observed: 'not here; held by node1' });
    expect(cell('masked', 'node1')).toMatchObject({ status: 'fail', exitCode: 3 });
    expect(JSON.stringify(report)).not.toContain('never-shown-42');
    expect(cell('masked', 'node1').tail).toContain('••••');
    expect(cell('secret', 'node1')).toMatchObject({
      status: 'error',
      observed: 'the secret "nope" has no value',
    });
    // Events after every check; the report on disk; a restarted backend reads it back.
    expect(events.length).toBeGreaterThanOrEqual(checks.length + 1);
    const file = join(work, 'a', 'verify-last.json');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('never-shown-42');
    const again = await session('a');
    expect((await again.verify.lastReport())?.id).toBe(report.id);
    await deploy.dispose();
  });

  it('after a run, the report is kept in the run folder beside the journal', async () => {
    const { deploy, verify } = await session('b');
    const runId = await deploy.start({ concurrency: 4, onFailure: 'stop' });
    for (let i = 0; i < 200 && deploy.currentRunner?.running !== false; i++)
      await new Promise((r) => setTimeout(r, 50));
    const report = await verify.run([check('true', 'true', { kind: 'exit-zero' })]);
    expect(report.runId).toBe(runId);
    expect(report.results.map((r) => r.status)).toEqual(['pass', 'pass']);
    const runDir = deploy.currentRunner!.runDir;
    expect(JSON.parse(readFileSync(join(runDir, 'verify.json'), 'utf8')).id).toBe(report.id);
    await deploy.dispose();
  });
});
