import { mkdir, writeFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { test, expect } from './fixtures';

const TABS = ['Design', 'Options', 'Validate', 'Plan', 'Deploy', 'Guide'];

test('the app opens with every wizard tab, and an empty design says where its guide will come from', async ({
  app,
  page,
}) => {
  await expect(app.title).toHaveText('Untitled cloud');
  await expect(page).toHaveTitle('Untitled cloud — Quorum');
  for (const name of TABS) await expect(app.tab(name)).toBeVisible();
  // Each tab's content is covered by its own spec; here every tab opens.
  for (const name of TABS.slice(1)) {
    await app.tab(name).click();
    await expect(app.tab(name)).toHaveAttribute('aria-selected', 'true');
  }
  await expect(page.getByTestId('guide-empty')).toContainText('No nodes yet');
});

test('create, rename, save, reload and open again: the same project comes back', async ({
  app,
  page,
  server,
}) => {
  await app.newProject();
  await app.rename('Lab cloud');
  await expect(app.title).toContainText('Lab cloud');
  await expect(page.getByTestId('dirty-marker')).toBeVisible();
  await expect(page).toHaveTitle('● Lab cloud — Quorum');
  await page.getByLabel('OpenStack release').selectOption('2024.1');
  await page.getByLabel('Distribution family').selectOption('rhel');

  await app.saveAs('lab-cloud');
  const file = join(server.projectsDir, 'lab-cloud.quorum');
  await expect(app.path).toHaveText(file);
  await expect(page.getByTestId('dirty-marker')).toBeHidden();
  const saved = JSON.parse(await readFile(file, 'utf8'));
  expect(saved).toMatchObject({ schemaVersion: 1, name: 'Lab cloud', release: '2024.1', distro: 'rhel' });

  await page.reload();
  await expect(page.getByText('Connected')).toBeVisible();
  await expect(app.title).toHaveText('Untitled cloud');

  await page.getByRole('button', { name: 'Open…' }).click();
  const dialog = page.getByTestId('open-dialog');
  // Offered both as a recent project and in the projects folder.
  await dialog
    .getByRole('button', { name: /Lab cloud/ })
    .first()
    .click();
  await expect(app.title).toHaveText('Lab cloud');
  await expect(app.path).toHaveText(file);
  await expect(page.getByLabel('OpenStack release')).toHaveValue('2024.1');
  await expect(page.getByLabel('Distribution family')).toHaveValue('rhel');
});

test('Ctrl+S saves and Ctrl+O opens in the browser', async ({ app, page }) => {
  await app.rename('Keyboard cloud');
  await page.keyboard.press('Control+s');
  const dialog = page.getByTestId('save-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Path on the Quorum host').fill('keys');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(app.notice).toHaveText('Saved keys.quorum');
  await page.keyboard.press('Control+o');
  await expect(page.getByTestId('open-dialog')).toBeVisible();
});

test('a corrupt file shows each problem with its path and stays untouched', async ({ app, server }) => {
  const bad = {
    schemaVersion: 1,
    name: 'Broken',
    release: '2025.1',
    distro: 'debian',
    networks: [{ id: 'mgmt', name: 'Management', purpose: 'management', cidr: '10.0.0.0/24' }],
    nodes: [
      {
        id: 'c1',
        hostname: 'controller1',
        roles: ['controller'],
        nics: [{ name: 'eth0', network: 'mgmt', address: '10.0.0.300' }],
      },
    ],
  };
  // quorum serve opens files only in the projects folder and its --allow-dir folders.
  await mkdir(server.projectsDir, { recursive: true });
  const path = join(server.projectsDir, 'broken.quorum');
  const text = JSON.stringify(bad, null, 2);
  await writeFile(path, text);
  await app.openPath(path);
  const dialog = app.problemsDialog;
  await expect(dialog).toContainText('Cannot open broken.quorum');
  await expect(dialog.getByTestId('problem')).toHaveText(['nodes[0].nics[0].address: not an IPv4 address']);
  await expect(dialog).toContainText('The file was not changed.');
  expect(await readFile(path, 'utf8')).toBe(text);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(app.title).toHaveText('Untitled cloud');
});

test('a file that is not JSON says where the syntax breaks', async ({ app, server }) => {
  await mkdir(server.projectsDir, { recursive: true });
  const path = join(server.projectsDir, 'truncated.quorum');
  await writeFile(path, '{\n  "schemaVersion": 1,\n  "name": "Cut');
  await app.openPath(path);
  await expect(app.problemsDialog).toContainText(/not valid JSON at line 3/);
});

test('a file outside the projects folder is refused, saying how to allow its folder', async ({
  app,
  server,
}) => {
  const path = join(server.dataDir, '..', 'elsewhere.quorum');
  await writeFile(path, '{"schemaVersion": 1, "name": "Hidden content 42"}');
  await app.openPath(path);
  await expect(app.problemsDialog).toContainText('is outside the folders this server may use');
  await expect(app.problemsDialog).toContainText('--allow-dir');
  await expect(app.problemsDialog).not.toContainText('Hidden content');
});

test('unsaved work survives a crash and is offered back', async ({ app, page, server }) => {
  await app.rename('Crash test');
  // The autosave lands about a second after the last edit.
  await expect
    .poll(async () => (await readdir(server.dataDir).catch((): string[] => [])).includes('autosave.json'))
    .toBe(true);
  await page.close();
  const next = await page.context().newPage();
  await next.goto(server.url);
  const banner = next.getByTestId('recovery-banner');
  await expect(banner).toContainText('Unsaved changes to “Crash test”');
  await banner.getByRole('button', { name: 'Restore' }).click();
  await expect(next.getByTestId('project-title')).toContainText('Crash test');
  await expect(next.getByTestId('dirty-marker')).toBeVisible();
});

test('the page and the socket refuse requests without the token', async ({ server, request }) => {
  const page = await request.get(`${server.origin}/`);
  expect(page.status()).toBe(401);
  const wrong = await request.get(`${server.origin}/?token=${'x'.repeat(server.token.length)}`);
  expect(wrong.status()).toBe(401);
  const asset = await request.get(`${server.origin}/favicon.svg`);
  expect(asset.status()).toBe(401);

  const socketStatus = (url: string, origin: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers: { origin } });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
  const base = server.origin.replace('http', 'ws');
  expect(await socketStatus(`${base}/api`, server.origin)).toBe(401);
  expect(await socketStatus(`${base}/api?token=nope`, server.origin)).toBe(401);
  expect(await socketStatus(`${base}/api?token=${server.token}`, 'http://evil.example')).toBe(403);
  expect(await socketStatus(`${base}/api?token=${server.token}`, server.origin)).toBe(101);
});

test('editing before answering the recovery offer does not overwrite the recovered work', async ({
  app,
  page,
  server,
}) => {
  await app.rename('First session');
  await expect
    .poll(async () => (await readdir(server.dataDir).catch((): string[] => [])).includes('autosave.json'))
    .toBe(true);
  // A controllable clock lets the test run the autosave timer out instead of sleeping.
  await page.clock.install();
  await page.reload();
  await expect(page.getByTestId('recovery-banner')).toContainText('“First session”');
  await app.rename('Second session');
  await page.clock.runFor(5_000);
  await app.saveAs('second');
  const autosave = JSON.parse(await readFile(join(server.dataDir, 'autosave.json'), 'utf8'));
  expect(autosave.design.name).toBe('First session');
  await page.getByTestId('recovery-banner').getByRole('button', { name: 'Restore' }).click();
  await expect(app.title).toContainText('First session');
});
