import { mkdir } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { DesignCanvas } from './pages/design-canvas';

// Where it runs: the placement overlay reads the resolved topology, so a role change that moves a service
// shows on the hosts at once (issue 13: a Messaging role on the garbd node moves RabbitMQ off the controllers).
test('the placement overlay shows a Messaging role moving RabbitMQ off the controllers', async ({
  app: _app,
  page,
}) => {
  await page.getByTestId('template-field-report').click();
  const canvas = new DesignCanvas(page);
  await expect(canvas.host('tiebreaker')).toBeVisible();
  const toggle = page.getByRole('button', { name: 'Where it runs' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const on = (id: string) => page.getByTestId(`placement-${id}`);
  await expect(on('controller01')).toContainText('RabbitMQ');
  await expect(on('controller01')).toContainText('Pacemaker');
  await expect(on('tiebreaker')).toContainText('garbd');
  await expect(on('tiebreaker')).not.toContainText('RabbitMQ');

  await canvas.host('tiebreaker').click();
  await canvas.inspector.getByRole('checkbox', { name: 'Messaging' }).check();
  await expect(on('tiebreaker')).toContainText('RabbitMQ');
  await expect(on('controller01')).not.toContainText('RabbitMQ');
  await expect(on('controller02')).not.toContainText('RabbitMQ');

  const shots = process.env.QUORUM_PLACEMENT_SHOTS;
  if (shots) {
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/placement-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${shots}/placement-dark.png` });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: `${shots}/placement-small.png` });
  }

  await toggle.click();
  await expect(on('tiebreaker')).toHaveCount(0);
  await expect(canvas.host('tiebreaker')).toContainText('GARBD');
});
