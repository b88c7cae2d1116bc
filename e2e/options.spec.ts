import { test, expect } from './fixtures';

test('options show why and source, and incompatible choices are disabled with the reason', async ({
  app,
  page,
}) => {
  await app.tab('Options').click();
  const database = page.getByRole('group', { name: 'Database' });
  const drbd = database.getByRole('radio', { name: 'MySQL active/passive on DRBD (legacy)' });
  await expect(drbd).toBeDisabled();
  await expect(database).toContainText('DRBD active/passive needs fencing');
  await expect(database).toContainText('Source: OpenStack HA Guide — Configuring the stateful services');

  await page
    .getByRole('group', { name: 'Pacemaker fencing (STONITH)' })
    .getByRole('radio', { name: 'IPMI' })
    .check();
  await expect(drbd).toBeEnabled();
  await drbd.check();
  const fencing = page.getByRole('group', { name: 'Pacemaker fencing (STONITH)' });
  await expect(fencing.getByRole('radio', { name: 'None' })).toBeDisabled();
  await expect(fencing).toContainText('A DRBD active/passive service is chosen');

  await page.getByRole('combobox', { name: 'OpenStack release' }).selectOption('train');
  // The current choice stays selected and is reported as a conflict; other choices are disabled.
  const messaging = page.getByRole('group', { name: 'Messaging (RabbitMQ)' });
  await expect(messaging.getByRole('radio', { name: 'RabbitMQ cluster with quorum queues' })).toBeChecked();
  await expect(messaging).toContainText('Conflicts: oslo.messaging uses RabbitMQ quorum queues from Yoga on');
  await expect(page.getByTestId('option-conflicts')).toContainText('quorum queues from Yoga');
  const neutron = page.getByRole('group', { name: 'Neutron routing' });
  await expect(neutron.getByRole('radio', { name: 'ML2/OVN' })).toBeDisabled();
  await expect(neutron).toContainText('ML2/OVN is part of Neutron from Ussuri on.');
  await messaging.getByRole('radio', { name: 'Classic mirrored queues (ha-mode: all)' }).check();
  await expect(page.getByTestId('option-conflicts')).toBeHidden();
  await messaging.getByRole('radio', { name: 'Classic mirrored queues (ha-mode: exactly N)' }).check();
  const copies = messaging.getByLabel('Copies of each queue (N)');
  await expect(copies).toHaveValue('2');
  await copies.fill('3');
  await expect(copies).toHaveValue('3');
});
