import { copyFile, mkdir } from 'node:fs/promises';
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
  const finding = page.locator('[data-rule="quorum.pacemaker"]');
  await finding.locator('summary').click();
  await finding.getByRole('button', { name: 'Show on canvas' }).click();
  await expect(app.tab('Design')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('host-controller01')).toHaveClass(/highlighted/);
  await expect(page.getByTestId('host-tiebreaker')).not.toHaveClass(/highlighted/);
});
