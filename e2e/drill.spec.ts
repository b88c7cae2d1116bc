/**
 * Failure drills in the Verify panel for a design that is not on lab nodes (its nodes at loopback
 * addresses): the drills are listed with their why, every button is disabled, and the panel says why in
 * one sentence, shown once for both (drills power nodes off and on, which Quorum can do only for `quorum lab` nodes).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import { DrillPanel } from './pages/drill-panel';

const template = fileURLToPath(new URL('../assets/templates/book-lab.quorum', import.meta.url));

test('drills on a design off lab nodes: buttons disabled, the reason shown', async ({
  app,
  page,
  server,
}) => {
  const design = JSON.parse(await readFile(template, 'utf8')) as {
    name: string;
    nodes: { ssh?: { host: string }; nics: { address?: string }[] }[];
  };
  design.name = 'loopback cloud';
  design.nodes.forEach((node, i) => {
    node.ssh = { ...node.ssh!, host: `127.0.0.${i + 2}` };
    node.nics.forEach((nic, j) => {
      if (nic.address) nic.address = `127.0.${j}.${i + 2}`;
    });
  });
  const file = join(server.projectsDir, 'loopback.quorum');
  await mkdir(server.projectsDir, { recursive: true });
  await writeFile(file, JSON.stringify(design, null, 2));
  await app.openPath(file);
  await expect(app.title).toContainText('loopback cloud');
  await app.tab('Deploy').click();
  await page.getByRole('button', { name: 'Load the design’s plan' }).click();
  await expect(page.getByRole('heading', { name: /^Deploy “loopback cloud”/ })).toBeVisible();
  const drills = new DrillPanel(page);
  await expect(drills.section).toContainText('Failure drills');
  // As root on Linux: "…not lab nodes (…quorum lab up…)"; elsewhere the host's own reason (root, Linux).
  // Both drills share it: one line under the buttons, each button keeping it as its hover title.
  await expect(drills.sharedReason).toHaveText(/^Drills power (lab )?nodes off and on/);
  const reason = (await drills.sharedReason.textContent())!;
  await expect(drills.section.getByText(reason, { exact: true })).toHaveCount(1);
  for (const kind of ['vip-failover', 'full-outage']) {
    await expect(drills.start(kind)).toBeDisabled();
    await expect(drills.start(kind)).toHaveAttribute('title', reason);
    await expect(drills.reason(kind)).toHaveCount(0);
  }
  await expect(drills.section).toContainText('Powers off the node that holds the database VIP');
  if (process.getuid?.() === 0 && process.platform === 'linux')
    await expect(drills.sharedReason).toContainText('not lab nodes');
  await drills.section.screenshot({ path: 'test-results/drill-panel-off-lab.png' });
});
