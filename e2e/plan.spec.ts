import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type QuorumServer } from './fixtures';
import { PlanTab } from './pages/plan-tab';
import type { QuorumApp } from './pages/quorum-app';

const sample = join(fileURLToPath(new URL('..', import.meta.url)), 'assets', 'samples', 'book-lab.quorum');

/** Opens a copy of the sample from the projects folder (the only folder quorum serve opens here). */
async function openSample(app: QuorumApp, server: QuorumServer): Promise<void> {
  await mkdir(server.projectsDir, { recursive: true });
  const copy = join(server.projectsDir, 'book-lab.quorum');
  await copyFile(sample, copy);
  await app.openPath(copy);
}

test('a sample opened through the Open dialog shows its plan by phase, with the Galera steps and files', async ({
  app,
  page,
  server,
}) => {
  await openSample(app, server);
  await expect(app.title).toHaveText('Learning OpenStack HA — book lab');
  await app.tab('Plan').click();
  const plan = new PlanTab(page);
  await expect(plan.root).toBeVisible();
  for (const phase of [
    'Preflight checks',
    'Database',
    'Messaging (RabbitMQ)',
    'VIPs and load balancing',
    'Verification',
  ]) {
    await expect(plan.phase(phase)).toBeVisible();
  }
  await expect(plan.phase('Database').getByTestId('step-galera.bootstrap')).toContainText(
    'Bootstrap the cluster on controller1',
  );
  const bootstrap = await plan.expand('galera.bootstrap');
  await expect(bootstrap).toContainText('galera_new_cluster');
  await expect(bootstrap).toContainText('Skipped where already done');
  const config = await plan.expand('galera.config:controller-2');
  await expect(config).toContainText('/etc/mysql/mariadb.conf.d/60-galera.cnf');
  await expect(config).toContainText('wsrep_cluster_address = "gcomm://192.168.56.101,192.168.56.102"');
  const haproxy = await plan.expand('lb.haproxy');
  await expect(haproxy).toContainText('server controller2 192.168.56.102:3306 check backup');
  await expect(haproxy.locator('.hl-secret').first()).toHaveText('{{secret:haproxy_stats}}');
});

test('the plan follows the design: a distro change shows which steps changed', async ({
  app,
  page,
  server,
}) => {
  await openSample(app, server);
  const plan = new PlanTab(page);
  await app.tab('Plan').click();
  await expect(plan.step('galera.packages')).toBeVisible();
  await app.tab('Design').click();
  await page.getByLabel('Distribution family').selectOption('rhel');
  await app.tab('Plan').click();
  await expect(plan.changes).toContainText(/\d+ changed/);
  await expect(plan.step('galera.packages')).toContainText('changed');
  const packages = await plan.expand('galera.packages');
  await expect(packages).toContainText('dnf install -y mariadb-server-galera');
  await expect(plan.step('verify.allow-service-starts')).toHaveCount(0);
});
