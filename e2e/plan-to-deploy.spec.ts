import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';

const template = fileURLToPath(new URL('../assets/templates/book-lab.quorum', import.meta.url));

test('the plan of the open design goes to the Deploy tab and its dry run lists the commands', async ({
  app,
  page,
  server,
}) => {
  await app.tab('Deploy').click();
  await expect(page.getByTestId('deploy-no-plan')).toContainText('No plan loaded yet');
  await expect(page.getByRole('button', { name: 'Load the design’s plan' })).toBeDisabled();

  await mkdir(server.projectsDir, { recursive: true });
  await copyFile(template, join(server.projectsDir, 'book-lab.quorum'));
  await app.openPath(join(server.projectsDir, 'book-lab.quorum'));
  await app.tab('Plan').click();
  await page.getByRole('button', { name: 'Deploy this plan…' }).click();

  await expect(app.tab('Deploy')).toHaveAttribute('aria-selected', 'true');
  await expect(
    page.getByRole('heading', { name: /Deploy “Learning OpenStack HA — book lab” — 3 nodes, \d+ steps/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Dry run' }).click();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  await expect(dryRun).toContainText('galera_new_cluster');
  // Secrets stay references in a dry run.
  await expect(dryRun).not.toContainText(/password\s*=\s*[A-Za-z0-9_-]{16,}/);
});
