import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeDesign } from '../shared/design/project-file';
import { variant } from '../shared/design/fixtures/designs';
import { test, expect } from './fixtures';
import type { QuorumApp } from './pages/quorum-app';
import { ValidateTab } from './pages/validate-tab';

const samples = fileURLToPath(new URL('../assets/samples/', import.meta.url));

/** Puts a project in the server's projects folder and opens it through the Open dialog's folder list. */
async function openFromProjectsFolder(app: QuorumApp, projectsDir: string, file: string, title: RegExp) {
  await app.page.getByRole('button', { name: 'Open…' }).click();
  const dialog = app.page.getByTestId('open-dialog');
  await dialog.getByRole('button', { name: title }).first().click();
  await expect(dialog).toBeHidden();
  await expect(app.path).toHaveText(join(projectsDir, file));
}

test('the field report sample: findings explain themselves and a controller failure is simulated', async ({
  app,
  page,
  server,
}) => {
  await mkdir(server.projectsDir, { recursive: true });
  await copyFile(join(samples, 'field-report.quorum'), join(server.projectsDir, 'field-report.quorum'));
  await openFromProjectsFolder(app, server.projectsDir, 'field-report.quorum', /field-report\.quorum/);

  const tab = new ValidateTab(page);
  // The badge counts errors before the tab is even opened: the sample stores on Ceph but draws no Ceph node.
  await expect(tab.badge).toHaveText('2');
  await tab.show();
  await expect(page.getByTestId('validate-summary')).toContainText('2 errors');
  // Two controllers + garbd and corosync two_node: neither the Galera nor the Pacemaker quorum rule fires;
  // a 2-node cluster without fencing is still a warning.
  await expect(tab.finding('quorum.galera')).toHaveCount(0);
  await expect(tab.finding('quorum.pacemaker')).toHaveCount(0);
  const finding = await tab.expand('quorum.pacemaker-fencing');
  await expect(finding).toContainText('a partition can start resources on both nodes');
  await expect(finding.getByTestId('finding-reference')).toContainText(
    'Learning OpenStack High Availability',
  );
  await expect(page.getByRole('group', { name: 'Nodes' }).locator('.highlighted')).toHaveCount(2);

  await expect(tab.sweepSingle).toHaveText('survives any single node failure: yes');
  await tab.toggleNode('controller01');
  // two_node keeps the survivor quorate; garbd keeps Galera's majority; the VIP moves.
  await expect(tab.service('pacemaker')).toContainText('degraded');
  await expect(tab.service('galera')).toContainText('2 of 3 voters up, quorum = 2 kept');
  await expect(tab.vip('controller')).toContainText('controller02 (moved from controller01)');
  await page.screenshot({ path: test.info().outputPath('validate-field-report.png'), fullPage: true });
});

test('a three-controller design: the VIP moves, quorum holds then fails, availability reacts', async ({
  app,
  page,
  server,
}) => {
  const design = variant((d) => {
    d.name = 'Three controllers';
    d.options!.storage = { images: 'ceph', volumes: 'gluster', instances: 'ceph' };
  });
  await mkdir(server.projectsDir, { recursive: true });
  const path = join(server.projectsDir, 'three.quorum');
  await writeFile(path, serializeDesign(design));
  await app.openPath(path);
  await expect(app.title).toContainText('Three controllers');

  const tab = new ValidateTab(page);
  // GlusterFS as a Cinder backend on 2025.1 (gone since Ocata) and no gluster node: 2 errors.
  await expect(tab.badge).toHaveText('2');
  await page.getByLabel('OpenStack release').selectOption('newton');
  // On Newton the Cinder driver still exists (one error less), but no supported distro ships Newton and
  // its services cannot declare quorum queues: two errors more, as soon as the edit settles.
  await expect(tab.badge).toHaveText('3');
  await tab.show();
  await expect(tab.finding('release.packages')).toHaveCount(1);
  await expect(tab.finding('release.quorum-queues')).toHaveCount(1);

  await expect(tab.sweepSingle).toHaveText('survives any single node failure: yes');
  await expect(tab.sweepPair).toContainText('survives any two node failures: no');
  await tab.toggleNode('ctl1');
  await expect(tab.vip('vip-api')).toContainText('ctl2 (moved from ctl1)');
  await expect(tab.service('galera')).toContainText('2 of 3 voters up, quorum = 2 kept');
  await expect(tab.service('galera')).toContainText('degraded');
  await tab.toggleNode('ctl2');
  await expect(tab.service('galera')).toContainText('1 of 3 voters up, quorum = 2 lost');
  await expect(tab.vip('vip-api')).toContainText('ctl3 (moved from ctl1)');

  const headline = page.getByTestId('control-plane-availability');
  await expect(headline).toContainText('Control plane:');
  const before = await headline.textContent();
  await tab.availability.getByLabel('MTTR per node (hours)').fill('72');
  await expect(headline).not.toHaveText(before ?? '');
  await expect(tab.availability).toContainText('A model, not a measurement');
  const afterDefaults = await headline.textContent();
  await tab.availability.getByText('Per node', { exact: true }).click();
  await tab.availability.getByLabel('MTTR of ctl1 (hours)').fill('2000');
  await expect(tab.availability).toContainText('(1 changed)');
  await expect(headline).not.toHaveText(afterDefaults ?? '');
  await tab.availability.screenshot({ path: test.info().outputPath('availability.png') });
  await page.screenshot({ path: test.info().outputPath('validate-three-controllers.png'), fullPage: true });
});

test('a new, empty design has no badge and says there is nothing to check yet', async ({ app, page }) => {
  const tab = new ValidateTab(page);
  await expect(app.title).toHaveText('Untitled cloud');
  await expect(tab.badge).toBeHidden();
  await tab.show();
  await expect(page.getByTestId('findings-empty')).toContainText('no nodes yet');
  await expect(page.getByTestId('validate-summary')).toHaveText('0 errors · 0 warnings · 0 notes');
});
