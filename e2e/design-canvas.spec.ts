import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import { DesignCanvas } from './pages/design-canvas';
import { Options } from '../shared/design/schema';

const templatePath = fileURLToPath(new URL('../assets/templates/field-report.quorum', import.meta.url));

interface DesignJson {
  nodes: { id: string; hostname: string; nics: unknown[]; roles: string[] }[];
  vips: { id: string; name: string; services: string[] }[];
  networks: unknown[];
  options: { arbitrator: { mode: string; node?: string } };
  layout?: unknown;
  [key: string]: unknown;
}

/** The design without canvas positions and with ids replaced by names (the UI makes its own ids). */
function normalise(design: DesignJson): unknown {
  const hostnames = new Map(design.nodes.map((n) => [n.id, n.hostname]));
  const { layout: _layout, ...rest } = design;
  return {
    ...rest,
    nodes: design.nodes.map((n) => ({ ...n, id: n.hostname })),
    vips: design.vips.map((v) => ({ ...v, id: v.name })),
    // Defaults filled in, so options added to the schema later (with defaults) compare equal.
    options: {
      ...Options.parse(design.options),
      arbitrator:
        design.options.arbitrator.mode === 'node'
          ? { mode: 'node', node: hostnames.get(design.options.arbitrator.node!) }
          : design.options.arbitrator,
    },
  };
}

test('build the field-report template from an empty project by mouse and keyboard, save, reopen, compare', async ({
  app,
  page,
  server,
}) => {
  const canvas = new DesignCanvas(page);
  await app.nameField.click();
  await app.nameField.press('ControlOrMeta+a');
  await app.nameField.pressSequentially('Field report — two controllers and a garbd tiebreaker');
  await page.getByLabel('OpenStack release').selectOption('2024.1');
  await page.getByLabel('Distribution family').selectOption('suse');

  await canvas.addNetwork('Management');
  await expect(canvas.lane('management')).toContainText('10.0.0.0/24');
  await canvas.type('Allocation end', '10.0.0.200');

  await canvas.palette.getByRole('button', { name: 'Add VIP on Management' }).click();
  await canvas.type('VIP name', 'controller');
  for (const service of [
    'database',
    'keystone',
    'glance',
    'nova',
    'placement',
    'neutron',
    'cinder',
    'horizon',
  ])
    await canvas.inspector.getByRole('checkbox', { name: service, exact: true }).click();
  await expect(page.getByTestId('vip-vip-management')).toContainText('10.0.0.10');

  await canvas.addNode('Controller');
  await canvas.type('Host name', 'controller01');
  await canvas.inspector.getByRole('checkbox', { name: 'Load balancer' }).click();
  await page.keyboard.press('f');
  await canvas.dragConnect('controller1', 'management');
  await expect(page.getByTestId('nic-label-nic:controller1:0')).toHaveText('eth0 10.0.0.11');

  await canvas.addNode('Controller');
  await canvas.type('Host name', 'controller02');
  await canvas.inspector.getByRole('checkbox', { name: 'Load balancer' }).click();
  await canvas.inspector.getByRole('button', { name: 'Connect' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('nic-label-nic:controller2:0')).toHaveText('eth0 10.0.0.12');

  await canvas.addNode('garbd arbitrator');
  await canvas.type('Host name', 'tiebreaker');
  await canvas.inspector.getByRole('button', { name: 'Connect' }).click();
  // Edit the allocated address by keyboard: type a taken one (refused inline), then the right one.
  await canvas.type('Address of NIC 1', '10.0.0.11');
  await expect(canvas.inspector.getByRole('alert')).toContainText('already used by controller01 eth0');
  await canvas.type('Address of NIC 1', '10.0.0.13');
  await expect(canvas.inspector.getByRole('alert')).toHaveCount(0);

  await app.tab('Options').click();
  const choose = (group: string, label: string) =>
    page.getByRole('group', { name: group }).getByRole('radio', { name: label }).check();
  await choose('Database', 'Galera under Pacemaker (multi-state, clustercheck)');
  await choose('Galera arbitrator (garbd)', 'garbd on tiebreaker');
  await choose('Messaging (RabbitMQ)', 'RabbitMQ under Pacemaker (OCF multi-state)');
  await choose('VIP and load balancing', 'Pacemaker VIP (IPaddr2) with HAProxy');
  await choose('Memcached', 'Each service uses its local memcached');
  await choose('Storage for images (Glance)', 'NFS');
  await choose('Storage for volumes (Cinder)', 'NFS');
  await choose('Two-node cluster (corosync two_node)', 'On: two_node and wait_for_all');
  await app.tab('Design').click();

  await app.saveAs('built');
  const built = join(server.projectsDir, 'built.quorum');
  const saved = JSON.parse(await readFile(built, 'utf8')) as DesignJson;
  const template = JSON.parse(await readFile(templatePath, 'utf8')) as DesignJson;
  expect(normalise(saved)).toEqual(normalise(template));

  await app.newProject();
  await expect(canvas.host('controller1')).toHaveCount(0);
  await app.openPath(built);
  await expect(canvas.host('controller1')).toContainText('controller01');
  await expect(canvas.host('garbd1')).toContainText('tiebreaker');
  await app.saveAs('reopened');
  const reopened = JSON.parse(await readFile(join(server.projectsDir, 'reopened.quorum'), 'utf8'));
  expect(reopened).toEqual(saved);
});

test('undo and redo through ten edits return to the same designs', async ({ app, page, server }) => {
  const canvas = new DesignCanvas(page);
  await app.saveAs('empty');
  const edits: (() => Promise<unknown>)[] = [
    () => canvas.addNetwork('Management'),
    () => canvas.addNetwork('Storage'),
    () => canvas.addNode('Controller'),
    () => canvas.inspector.getByRole('button', { name: 'Connect' }).click(),
    () => canvas.addNode('Ceph OSD'),
    () => canvas.inspector.getByRole('checkbox', { name: 'Ceph monitor' }).click(),
    () => canvas.type('Host name', 'ceph-a'),
    () => canvas.addNode('Compute'),
    () => canvas.palette.getByRole('button', { name: /^Add VIP/ }).click(),
    () => canvas.palette.getByRole('button', { name: 'Network', exact: true }).click(),
  ];
  for (const edit of edits) await edit();
  await page.keyboard.press('Escape');
  await canvas.expectCounts(4, 2, 1);
  await app.saveAs('after-ten');
  const after = await readFile(join(server.projectsDir, 'after-ten.quorum'), 'utf8');

  const undo = page.getByRole('button', { name: 'Undo' });
  for (let i = 0; i < 10; i++) await page.keyboard.press('ControlOrMeta+z');
  await expect(undo).toBeDisabled();
  await canvas.expectCounts(0, 0, 0);
  await app.saveAs('undone');
  const empty = JSON.parse(await readFile(join(server.projectsDir, 'empty.quorum'), 'utf8'));
  const undone = JSON.parse(await readFile(join(server.projectsDir, 'undone.quorum'), 'utf8'));
  expect(undone).toEqual(empty);

  for (let i = 0; i < 10; i++) await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();
  await canvas.expectCounts(4, 2, 1);
  await app.saveAs('redone');
  expect(await readFile(join(server.projectsDir, 'redone.quorum'), 'utf8')).toBe(after);
});

test('inline validation, copy/paste, delete and the shortcut help', async ({ app: _app, page }) => {
  const canvas = new DesignCanvas(page);
  await canvas.addNetwork('Management');
  await canvas.type('CIDR', '10.0.0.5/24');
  await expect(canvas.inspector.getByRole('alert')).toContainText(
    'host bits set: the network is 10.0.0.0/24',
  );
  await canvas.type('CIDR', '10.9.0.0/24');
  await expect(canvas.lane('management')).toContainText('10.9.0.0/24');

  await canvas.addNode('Controller');
  await canvas.inspector.getByRole('button', { name: 'Connect' }).click();
  await canvas.addNode('Controller');
  await canvas.type('Host name', 'controller1');
  await expect(canvas.inspector.getByRole('alert')).toContainText('duplicate host name');
  await canvas.type('Host name', 'controller2');

  await canvas.host('controller1').click();
  await canvas.host('controller2').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('multi-inspector')).toContainText('2 items selected');
  await page.keyboard.press('ControlOrMeta+c');
  await page.keyboard.press('ControlOrMeta+v');
  await expect(canvas.host('controller3')).toBeVisible();
  await expect(canvas.host('controller4')).toBeVisible();
  await expect(page.getByTestId('nic-label-nic:controller3:0')).toHaveText('eth0 10.9.0.11');
  await canvas.expectCounts(4, 1, 0);

  await canvas.host('controller4').click();
  await page.keyboard.press('Delete');
  await canvas.expectCounts(3, 1, 0);

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-help')).toContainText('Ctrl+Shift+Z');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
});

test('an SSH config import creates the expected nodes and never stores a key', async ({
  app: _app,
  page,
  server,
}) => {
  const canvas = new DesignCanvas(page);
  // quorum serve reads SSH configs only in the projects folder and its --allow-dir folders.
  await mkdir(server.projectsDir, { recursive: true });
  const config = join(server.projectsDir, 'ssh_config');
  const key = join(server.dataDir, '..', 'lab_key');
  await writeFile(
    key,
    '-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----\n',
  );
  await writeFile(
    config,
    `Host *\n  User admin\nHost ctl-a ctl-b\n  HostName 127.0.0.1\n  Port 2222\n  IdentityFile ${key}\n  ProxyJump jump\nHost jump\n  HostName 127.0.0.2\nHost *.wild\n  User x\n`,
  );
  await page.getByRole('button', { name: 'Import SSH hosts…' }).click();
  const dialog = page.getByTestId('ssh-import-dialog');
  await dialog.getByLabel('SSH config path').fill(config);
  await dialog.getByRole('button', { name: 'Read hosts' }).click();
  await expect(page.getByTestId('ssh-import-message')).toContainText('3 hosts');
  await dialog.getByLabel('Role for new nodes').selectOption('controller');
  await dialog.getByRole('button', { name: 'Import 3 hosts' }).click();
  await expect(dialog).toBeHidden();
  await expect(canvas.host('ctl-a')).toContainText('admin@127.0.0.1:2222');
  await expect(canvas.host('ctl-b')).toBeVisible();
  await expect(canvas.host('jump')).toContainText('admin@127.0.0.2');
  await page.keyboard.press('Escape');
  await canvas.host('ctl-a').click();
  await expect(canvas.inspector.getByLabel('Identity file (path only, never the key)')).toHaveValue(key);
  await expect(canvas.inspector.getByLabel('ProxyJump')).toHaveValue('jump');
});

test('SVG and PNG export: a well-formed SVG with every host name', async ({ app: _app, page }) => {
  await page.getByTestId('template-ha-guide-reference').click();
  const canvas = new DesignCanvas(page);
  await expect(canvas.host('compute3')).toBeVisible();
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  expect(svgDownload.suggestedFilename()).toMatch(/\.svg$/);
  const svg = await readFile((await svgDownload.path())!, 'utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.getElementsByTagName('parsererror').length > 0,
      root: doc.documentElement.localName,
      texts: [...doc.querySelectorAll('g.host text')].map((t) => t.textContent),
    };
  }, svg);
  expect(parsed.error).toBe(false);
  expect(parsed.root).toBe('svg');
  const hostnames = [1, 2, 3]
    .flatMap((i) => [`controller${i}`, `ceph${i}`, `compute${i}`])
    .concat(['network1', 'network2']);
  for (const name of hostnames) expect(parsed.texts).toContain(name);

  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  const png = await readFile((await pngDownload.path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});
