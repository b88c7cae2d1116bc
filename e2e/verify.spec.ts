/**
 * The Verify panel against real sshd hosts on loopback: checks (a design-derived set is injected through
 * the API, as the Deploy tab sends it) run on every host; the matrix shows green and red cells with the
 * observed values, a row expands to its fix and output, "Verify now" runs again, and a reload keeps it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerifyCheck } from '../shared/verify/types';
import { startSshdLab, type SshdLab } from '../electron/ssh/test-support/sshd-harness';
import { test, expect } from './fixtures';
import { loopbackPlan } from './support/loopback-plan';
import { DeployTab } from './pages/deploy-tab';
import { VerifyPanel } from './pages/verify-panel';
import { connectBackend } from './support/backend-client';

let lab: SshdLab;
let work: string;

test.beforeAll(async () => {
  lab = await startSshdLab({ count: 2 });
  work = mkdtempSync(join(tmpdir(), 'quorum-e2e-verify-'));
});
test.afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

function plan() {
  const nodes = lab.hosts.map((h) => h.name);
  return loopbackPlan(lab, 'verify cloud', [
    {
      id: 'hello',
      title: 'Say hello',
      phase: 'os' as const,
      why: 'e2e',
      guide: null,
      guard: null,
      rerunSafe: true,
      targets: { selector: { kind: 'all' as const }, nodes },
      mode: 'parallel' as const,
      dependsOn: [],
      actions: [{ kind: 'run' as const, command: 'true', sudo: true, okExitCodes: [0] }],
    },
  ]);
}

function checks(flag: string): VerifyCheck[] {
  const [a, b] = lab.hosts;
  const base = { group: 'Test', sudo: true, timeoutMs: 10_000, across: 'each' as const, perNode: {} };
  return [
    {
      ...base,
      id: 'sshd.listening',
      title: 'sshd listens on the node address',
      nodes: ['node1', 'node2'],
      command: `ss -Hltn 'sport = :${a!.port}'; ss -Hltn 'sport = :${b!.port}'`,
      judge: { kind: 'listening', address: a!.host, port: a!.port },
      perNode: { node2: { judge: { kind: 'listening', address: b!.host, port: b!.port } } },
      fix: 'Start sshd on the node.',
    },
    {
      ...base,
      id: 'galera.cluster-size',
      title: 'wsrep_cluster_size = 3',
      group: 'Galera',
      nodes: ['node1', 'node2'],
      command: `mysql -Nse "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2`,
      judge: { kind: 'equals', expected: '3' },
      fix: 'Every data node must be a member: start MariaDB on the missing node.',
    },
    {
      ...base,
      id: 'flag',
      title: 'no flag file',
      nodes: ['node1', 'node2'],
      command: `if [ -e ${flag} ]; then echo "flag present"; exit 1; fi; echo clear`,
      judge: { kind: 'exit-zero' },
      fix: `Remove ${flag}.`,
    },
  ];
}

test('the Verify panel shows checks × nodes green/red with observed values, verifies again, survives a reload', async ({
  app,
  page,
  server,
}) => {
  test.setTimeout(60_000);
  const flag = join(work, 'flag');
  writeFileSync(flag, '');
  const backend = await connectBackend(server);
  await backend.call('deployAddKnownHosts', { lines: lab.knownHostsLines() });
  await backend.call('deploySetCredentials', { target: '*', identityFile: lab.clientKeyFile });
  await backend.call('deployLoadPlan', { plan: plan() });
  await page.reload();
  await app.open();
  const deploy = new DeployTab(page);
  await deploy.open();
  const verify = new VerifyPanel(page);
  await expect(verify.panel).toContainText('After a run, every check');

  await backend.call('verifyRun', { checks: checks(flag) });
  backend.close();
  await expect(verify.summary).toContainText('2 green, 4 red');
  await expect(verify.cell('sshd.listening', 'node1')).toHaveAttribute('data-status', 'pass');
  await expect(verify.cell('sshd.listening', 'node2')).toContainText(`listening on ${lab.hosts[1]!.host}`);
  await expect(verify.cell('galera.cluster-size', 'node1')).toHaveAttribute('data-status', 'fail');
  await expect(verify.cell('galera.cluster-size', 'node1')).toContainText('(empty) ERROR 2002');
  await expect(verify.cell('flag', 'node2')).toContainText('✘ exit 1: flag present');
  const details = await verify.expand('wsrep_cluster_size');
  await expect(details).toContainText('Why / fix: Every data node must be a member');
  await expect(details).toContainText("Can't connect to local server");
  await page.getByRole('region', { name: 'Verify' }).screenshot({ path: 'test-results/verify-panel.png' });

  rmSync(flag);
  await verify.verifyNow().click();
  await expect(verify.cell('flag', 'node1')).toHaveAttribute('data-status', 'pass');
  await expect(verify.cell('flag', 'node2')).toContainText('✔ clear');
  await expect(verify.summary).toContainText('4 green, 2 red');

  await page.reload();
  await app.open();
  await deploy.open();
  await expect(verify.cell('flag', 'node2')).toHaveAttribute('data-status', 'pass');
  await expect(verify.cell('galera.cluster-size', 'node2')).toHaveAttribute('data-status', 'fail');
});
