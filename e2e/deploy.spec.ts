/**
 * Deploy a small plan to three real sshd hosts on loopback from the Deploy tab: preflight, watch the
 * terminal, one node fails, retry it, reload the page mid-run, and the run finishes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { loopbackPlan } from './support/loopback-plan';
import { DeployTab } from './pages/deploy-tab';
import { connectBackend } from './support/backend-client';
import { startSshdLab, type SshdLab } from '../electron/ssh/test-support/sshd-harness';

let lab: SshdLab;
let work: string;

test.beforeAll(async () => {
  lab = await startSshdLab({ count: 3 });
  work = mkdtempSync(join(tmpdir(), 'quorum-e2e-deploy-'));
});
test.afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

function plan(broken: string, slow: string) {
  const nodes = lab.hosts.map((h) => h.name);
  const node2 = lab.hosts[1]!.host;
  const base = { phase: 'os', why: 'e2e', guide: null, guard: null, rerunSafe: true } as const;
  const targets = { selector: { kind: 'all' as const }, nodes };
  const run = (command: string) => ({ kind: 'run' as const, command, sudo: true, okExitCodes: [0] });
  return loopbackPlan(lab, 'e2e cloud', [
    {
      ...base,
      id: 'hello',
      title: 'Say hello',
      targets,
      mode: 'parallel' as const,
      dependsOn: [],
      actions: [run('echo "hello from $(echo $SSH_CONNECTION | cut -d" " -f3)"')],
    },
    {
      ...base,
      id: 'configure',
      title: 'Configure',
      targets,
      mode: 'parallel' as const,
      dependsOn: ['hello'],
      actions: [
        run(
          `case "$SSH_CONNECTION" in *" ${node2} "*) if [ -f ${broken} ]; then echo "configure: disk full" >&2; exit 4; fi;; esac; echo configured`,
        ),
      ],
    },
    {
      ...base,
      id: 'finish',
      title: 'Finish',
      targets,
      mode: 'serial' as const,
      dependsOn: ['configure'],
      actions: [run(`echo finishing; while [ -f ${slow} ]; do sleep 0.1; done; echo finished`)],
    },
  ]);
}

test('deploys to three hosts, retries a failed node, survives a reload mid-run', async ({
  app,
  page,
  server,
}) => {
  test.setTimeout(90_000);
  const broken = join(work, 'broken');
  const slow = join(work, 'slow');
  writeFileSync(broken, '');
  writeFileSync(slow, '');
  const backend = await connectBackend(server);
  await backend.call('deployAddKnownHosts', { lines: lab.knownHostsLines() });
  await backend.call('deploySetCredentials', { target: '*', identityFile: lab.clientKeyFile });
  await backend.call('deployLoadPlan', { plan: plan(broken, slow) });
  backend.close();
  await page.reload();
  await app.open();

  const deploy = new DeployTab(page);
  await deploy.open();
  await deploy.button('Preflight').click();
  for (const node of ['node1', 'node2', 'node3']) {
    await expect(deploy.preflightRow(node)).toContainText('ready');
  }

  await deploy.button('Start').click();
  await expect(deploy.task('configure', 'node2')).toHaveAttribute('data-status', 'failed');
  await expect(deploy.task('configure', 'node2')).toContainText('exit code 4');
  await expect(deploy.task('configure', 'node1')).toHaveAttribute('data-status', 'ok');
  await expect(deploy.task('finish', 'node1')).toHaveAttribute('data-status', 'pending');
  await expect(deploy.status).toContainText('failed');
  await expect(deploy.terminal('all')).toContainText(`ctl-node1 │ hello from ${lab.hosts[0]!.host}`);
  await expect(deploy.terminal('all')).toContainText('configure: disk full');

  await page.getByLabel('Search the terminal').fill('disk full');
  await deploy.button('Find').click();
  await expect(page.getByText('not found')).toBeHidden();
  await page.getByLabel('Search the terminal').fill('no-such-text-anywhere');
  await deploy.button('Find').click();
  await expect(page.getByText('not found')).toBeVisible();

  await deploy.terminalTab('ctl-node2').click();
  await expect(deploy.terminal('node2')).toContainText('configure: disk full');
  await expect(deploy.terminal('node2')).not.toContainText(lab.hosts[0]!.host);

  rmSync(broken);
  await page.getByRole('button', { name: 'Retry ctl-node2' }).click();
  await expect(deploy.task('configure', 'node2')).toHaveAttribute('data-status', 'ok');
  await expect(deploy.task('finish', 'node1')).toHaveAttribute('data-status', 'running');

  // Reload while the serial "finish" step is running: the page comes back to the same run.
  await page.reload();
  await app.open();
  await deploy.open();
  await expect(deploy.task('finish', 'node1')).toHaveAttribute('data-status', 'running');
  await expect(deploy.terminal('all')).toContainText('ctl-node2 │ configured');
  rmSync(slow);
  await expect(deploy.status).toContainText('done: 9/9 done');
  await expect(deploy.terminal('all')).toContainText('ctl-node3 │ finished');

  // An interactive shell on a node (a PTY): type a command, see its answer, exit.
  await deploy.terminalTab('ctl-node1').click();
  await deploy.button('Open shell on ctl-node1').click();
  await expect(deploy.terminalTab('Shell: ctl-node1')).toHaveAttribute('aria-selected', 'true');
  await deploy.focusTerminal('shell');
  await page.keyboard.type('echo shell-$((6*7))\n');
  await expect(deploy.terminal('shell')).toContainText('shell-42');
  await page.keyboard.type('exit\n');
  await expect(deploy.terminalTab('Shell: ctl-node1 (ended)')).toBeVisible();
});
