/**
 * "Run it for me" from the Guide tab on three real sshd hosts on loopback: the book's lab with its nodes'
 * SSH endpoints pointed at the hosts; one step runs alone with its output in the terminal beside the text,
 * is marked done, and a step whose check does not hold on these hosts says what failed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSshdLab, type SshdLab } from '../electron/ssh/test-support/sshd-harness';
import { expect, test, type QuorumServer } from './fixtures';
import { GuideTab } from './pages/guide-tab';
import type { QuorumApp } from './pages/quorum-app';
import { connectBackend } from './support/backend-client';

const template = fileURLToPath(new URL('../assets/templates/book-lab.quorum', import.meta.url));

let lab: SshdLab;
let work: string;

test.beforeAll(async () => {
  lab = await startSshdLab({ count: 3 });
  work = mkdtempSync(join(tmpdir(), 'quorum-e2e-guide-run-'));
});
test.afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The book's lab with its nodes' SSH endpoints on the loopback hosts, opened, credentials and keys set. */
async function openLoopbackBookLab(app: QuorumApp, server: QuorumServer): Promise<void> {
  const design = JSON.parse(readFileSync(template, 'utf8')) as {
    nodes: { ssh: { host: string; port: number; user: string } }[];
  };
  design.nodes.forEach((node, i) => {
    const host = lab.hosts[i]!;
    node.ssh = { host: host.host, port: host.port, user: 'root' };
  });
  await mkdir(server.projectsDir, { recursive: true });
  const file = join(server.projectsDir, 'book-lab-loopback.quorum');
  writeFileSync(file, JSON.stringify(design));
  const backend = await connectBackend(server);
  await backend.call('deployAddKnownHosts', { lines: lab.knownHostsLines() });
  await backend.call('deploySetCredentials', { target: '*', identityFile: lab.clientKeyFile });
  backend.close();

  await app.openPath(file);
  await expect(app.title).toHaveText('Learning OpenStack HA — book lab');
}

test('runs one step of the guide on the nodes and marks it done; a failing check says where', async ({
  app,
  page,
  server,
}) => {
  test.setTimeout(60_000);
  await openLoopbackBookLab(app, server);
  await app.tab('Guide').click();
  const guide = new GuideTab(page);
  await guide.openChapter('preflight');
  await expect(guide.progress).toHaveText('0 of 6 steps done');

  const access = guide.section('preflight.access');
  await access.getByRole('button', { name: 'Run it for me' }).click();
  for (const node of ['controller-1', 'controller-2', 'arbitrator']) {
    await expect(access.getByTestId(`guide-task-${node}`)).toHaveAttribute('data-status', 'ok');
  }
  await expect(access).toContainText('✔ Done');
  await expect(guide.progress).toHaveText('1 of 6 steps done');
  await expect(guide.chapterEntry('preflight')).toContainText('1/6');
  const terminal = page.getByRole('complementary', { name: 'Step output' });
  await expect(terminal.getByTestId('terminal-all')).toContainText('controller1');

  // These hosts have no eth0 with the design's address: the check fails, and says so per node.
  const addresses = guide.section('preflight.addresses:controller-1');
  await addresses.getByRole('button', { name: 'Run it for me' }).click();
  const task = addresses.getByTestId('guide-task-controller-1');
  await expect(task).toHaveAttribute('data-status', 'failed');
  await expect(addresses).not.toContainText('✔ Done');
  await expect(guide.progress).toHaveText('1 of 6 steps done');

  // The database chapter's checkpoint asks the nodes about Galera: these hosts have none, so it fails.
  await guide.openChapter('database');
  const checkpoint = page.getByTestId('guide-checkpoint');
  await checkpoint.getByRole('button', { name: 'Run the checkpoint' }).click();
  await expect(checkpoint.getByTestId('guide-checkpoint-galera.cluster-size')).toHaveAttribute(
    'data-status',
    'failed',
  );
  await expect(checkpoint).toContainText('could not be checked');
  await expect(checkpoint).not.toContainText('✔ Passed');
  await expect(guide.chapterEntry('database')).not.toContainText('checkpoint passed');

  const shots = process.env.QUORUM_GUIDE_SHOTS;
  if (shots) {
    await page.setViewportSize({ width: 1024, height: 700 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await guide.openChapter('database');
      await checkpoint.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `guide-checkpoint-${scheme}.png`) });
      await guide.openChapter('preflight');
      await addresses.getByRole('button', { name: 'Run it for me' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `guide-run-${scheme}.png`) });
    }
  }
});

test('does a step by hand: a shell on the node beside the text, and Check says done or what differs', async ({
  app,
  page,
  server,
}) => {
  test.setTimeout(60_000);
  await openLoopbackBookLab(app, server);
  await app.tab('Guide').click();
  const guide = new GuideTab(page);
  await guide.openChapter('preflight');

  const access = guide.section('preflight.access');
  await access.getByRole('button', { name: 'I’ll do it myself' }).click();
  await access.getByRole('button', { name: 'Shell on controller1' }).click();
  const terminal = page.getByRole('complementary', { name: 'Step output' });
  await expect(terminal.getByRole('tab', { name: 'Shell: controller1' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await terminal.getByTestId('terminal-shell').click();
  await page.keyboard.type('echo by-hand-$((6*7))\n');
  await expect(terminal.getByTestId('terminal-shell')).toContainText('by-hand-42');

  await access.getByRole('button', { name: 'Check' }).click();
  for (const node of ['controller-1', 'controller-2', 'arbitrator']) {
    await expect(access.getByTestId(`guide-check-${node}`)).toContainText(': done');
  }
  await expect(access).toContainText('✔ Done');
  await expect(guide.progress).toHaveText('1 of 6 steps done');

  // Not done on these hosts: Check says what differs, in the design's terms.
  const addresses = guide.section('preflight.addresses:controller-1');
  await addresses.getByRole('button', { name: 'I’ll do it myself' }).click();
  await addresses.getByRole('button', { name: 'Check' }).click();
  const result = addresses.getByTestId('guide-check-controller-1');
  await expect(result).toContainText('controller1: not done');
  await expect(result).toContainText('output does not contain "inet 192.168.56.101/"');
  await expect(addresses).not.toContainText('✔ Done');

  const shots = process.env.QUORUM_GUIDE_SHOTS;
  if (shots) {
    await page.setViewportSize({ width: 1024, height: 700 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await result.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `guide-by-hand-${scheme}.png`) });
    }
  }
});
