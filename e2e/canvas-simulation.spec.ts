import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import type { QuorumApp } from './pages/quorum-app';

const asset = (path: string) => fileURLToPath(new URL(`../assets/${path}`, import.meta.url));

async function openAsset(app: QuorumApp, projectsDir: string, path: string) {
  await mkdir(projectsDir, { recursive: true });
  const target = join(projectsDir, path.split('/').pop()!);
  await copyFile(asset(path), target);
  await app.openPath(target);
}

test('simulate mode on the canvas: clicking a host fails it, the VIP moves, clicking again repairs it', async ({
  app,
  page,
  server,
}) => {
  await openAsset(app, server.projectsDir, 'templates/ha-guide-reference.quorum');
  await page.getByRole('button', { name: 'Simulate failures' }).click();
  const panel = page.getByRole('complementary', { name: 'Simulation' });
  await expect(panel).toBeVisible();
  const host = page.getByTestId('host-controller1');
  await host.click();
  await expect(host).toHaveAttribute('data-failed', 'true');
  await expect(host).toContainText('down');
  await expect(panel.getByTestId('vip-vip-internal')).toContainText('moved from controller1');
  await host.click();
  await expect(host).not.toHaveAttribute('data-failed', 'true');
  await expect(panel.getByTestId('vip-vip-internal')).not.toContainText('moved');
  await page.getByRole('button', { name: 'Simulate failures' }).click();
  await expect(panel).toBeHidden();
});

test('a finding shows its nodes on the canvas', async ({ app, page, server }) => {
  await openAsset(app, server.projectsDir, 'samples/field-report.quorum');
  await app.tab('Validate').click();
  // The 2-node Pacemaker cluster without fencing concerns the two controllers, not the tiebreaker.
  const finding = page.locator('[data-rule="quorum.pacemaker-fencing"]');
  await finding.locator('summary').click();
  await finding.getByRole('button', { name: 'Show on canvas' }).click();
  await expect(app.tab('Design')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('host-controller01')).toHaveClass(/highlighted/);
  await expect(page.getByTestId('host-tiebreaker')).not.toHaveClass(/highlighted/);
});

test('dragging a host commits its position once, at the drop, as one undo step', async ({
  app,
  page,
  server,
}) => {
  await openAsset(app, server.projectsDir, 'templates/ha-guide-reference.quorum');
  const before = JSON.parse(await readFile(join(server.projectsDir, 'ha-guide-reference.quorum'), 'utf8'));
  const host = page.getByTestId('host-controller1');
  const box = (await host.boundingBox())!;
  const lines = page.getByTestId('nic-lines-controller1');
  const otherLines = page.getByTestId('nic-lines-controller2');
  const linesBefore = await lines.getAttribute('d');
  const otherBefore = await otherLines.getAttribute('d');
  await page.mouse.move(box.x + box.width / 2, box.y + 8);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + 70, { steps: 12 });
  // Mid-drag the design is untouched: no unsaved marker yet. The host's NIC lines follow it; others stay.
  await expect(page.getByTestId('dirty-marker')).toBeHidden();
  await expect(lines).not.toHaveAttribute('d', linesBefore!);
  await expect(otherLines).toHaveAttribute('d', otherBefore!);
  await page.mouse.up();
  await expect(page.getByTestId('dirty-marker')).toBeVisible();
  await app.saveAs('moved');
  const moved = JSON.parse(await readFile(join(server.projectsDir, 'moved.quorum'), 'utf8'));
  expect(moved.layout.nodes.controller1).not.toEqual(before.layout.nodes.controller1);
  expect(moved.layout.nodes.controller2).toEqual(before.layout.nodes.controller2);
  await page.getByRole('button', { name: 'Undo' }).click();
  await app.saveAs('undone');
  const undone = JSON.parse(await readFile(join(server.projectsDir, 'undone.quorum'), 'utf8'));
  expect(undone.layout).toEqual(before.layout);
});
