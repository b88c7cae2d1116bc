/**
 * The Guide tab on a template: chapters in the guide's order, keyboard navigation, a step's commands and
 * files with the design's host names and addresses, a masked secret, what a lab cannot show, and progress
 * kept across a reload.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { GuideTab } from './pages/guide-tab';
import type { QuorumApp } from './pages/quorum-app';

const template = fileURLToPath(new URL('../assets/templates/book-lab.quorum', import.meta.url));

async function openBookLab(app: QuorumApp, projectsDir: string): Promise<void> {
  await mkdir(projectsDir, { recursive: true });
  const file = join(projectsDir, 'book-lab.quorum');
  await copyFile(template, file);
  await app.openPath(file);
  await expect(app.title).toHaveText('Learning OpenStack HA — book lab');
}

test('the guide of the book’s lab: concepts, chapters by keyboard, the design’s commands and a masked secret', async ({
  app,
  page,
  server,
}) => {
  await openBookLab(app, server.projectsDir);
  await app.tab('Guide').click();
  const guide = new GuideTab(page);
  await expect(guide.root).toBeVisible();

  // Concepts first, written for this design.
  await expect(guide.chapterEntry('concepts')).toHaveAttribute('aria-selected', 'true');
  await expect(guide.section('concepts.quorum')).toContainText(
    'Galera: 3 votes (controller1, controller2, arbitrator; arbitrator runs garbd',
  );
  await expect(guide.progress).toHaveText('0 of 3 sections read');
  await guide.section('concepts.quorum').getByRole('button', { name: 'Mark as read' }).click();
  await expect(guide.progress).toHaveText('1 of 3 sections read');

  // Then the plan's phases in order; ↓ in the chapter list and n/p move between them.
  const titles = await page.getByRole('tablist', { name: 'Chapters' }).getByRole('tab').allInnerTexts();
  expect(titles.map((t) => t.split('\n').find((l) => /[a-z]/i.test(l)))).toEqual(
    expect.arrayContaining(['Concepts', 'Preflight checks', 'Database', 'VIPs and load balancing']),
  );
  await guide.chapterEntry('concepts').focus();
  await page.keyboard.press('ArrowDown');
  await expect(guide.chapter('preflight')).toBeVisible();
  await expect(guide.chapterEntry('preflight')).toBeFocused();
  await page.keyboard.press('n');
  await expect(guide.chapter('os')).toBeVisible();
  await page.keyboard.press('p');
  await expect(guide.chapter('preflight')).toBeVisible();
  // n and p work wherever the focus is on the tab (here: nowhere in particular).
  await page.getByRole('heading', { name: '1. Preflight checks' }).click();
  await page.keyboard.press('n');
  await expect(guide.chapter('os')).toBeVisible();
  await page.keyboard.press('p');
  await expect(guide.chapter('preflight')).toBeVisible();

  // A database step with this design's host names and addresses, its source and what done looks like.
  const database = await guide.openChapter('database');
  await expect(database).toContainText('Galera replicates it synchronously');
  const config = guide.section('galera.config:controller-2');
  await expect(config).toContainText('On controller2');
  await expect(config).toContainText('Write /etc/mysql/mariadb.conf.d/60-galera.cnf');
  await expect(config).toContainText('wsrep_cluster_address = "gcomm://192.168.56.101,192.168.56.102"');
  await expect(config).toContainText(
    'From: OpenStack High Availability Guide — Database: Configuring MySQL for Galera',
  );
  await expect(config).toContainText('Done when');
  await expect(config.getByRole('button', { name: 'Run it for me' })).toBeEnabled();
  await expect(guide.labLimits).toHaveCount(0);

  // The load balancer's file shows the stats password masked, never the plan's reference.
  await guide.openChapter('load-balancing');
  const haproxy = guide.section('lb.haproxy');
  await expect(haproxy).toContainText('server controller2 192.168.56.102:3306 check backup');
  await expect(haproxy.locator('.hl-secret').first()).toHaveText('«secret:haproxy_stats»');
  await expect(haproxy).not.toContainText('{{secret:');

  // A chapter the lab cannot fully show says so.
  await guide.openChapter('neutron');
  await expect(guide.labLimits).toContainText('no Open vSwitch kernel datapath');
  await expect(guide.chapterEntry('neutron')).toContainText('lab: partly');

  // Progress is kept for this design across a reload.
  await page.reload();
  await app.openPath(join(server.projectsDir, 'book-lab.quorum'));
  await expect(app.title).toHaveText('Learning OpenStack HA — book lab');
  await app.tab('Guide').click();
  await guide.openChapter('concepts');
  await expect(guide.progress).toHaveText('1 of 3 sections read');
});

test('screenshots of the Guide tab (light and dark, 1024×700) when QUORUM_GUIDE_SHOTS names a folder', async ({
  app,
  page,
  server,
}) => {
  const dir = process.env.QUORUM_GUIDE_SHOTS;
  test.skip(!dir, 'set QUORUM_GUIDE_SHOTS=/tmp/guide-shots to write them');
  await page.setViewportSize({ width: 1024, height: 700 });
  await openBookLab(app, server.projectsDir);
  await app.tab('Guide').click();
  const guide = new GuideTab(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await guide.openChapter('concepts');
    await expect(guide.section('concepts.quorum')).toBeVisible();
    await page.screenshot({ path: join(dir!, `guide-concepts-${scheme}.png`) });
    await guide.openChapter('load-balancing');
    await expect(guide.section('lb.haproxy')).toBeVisible();
    await guide.section('lb.haproxy').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(dir!, `guide-load-balancing-${scheme}.png`) });
    await guide.openChapter('neutron');
    await expect(guide.labLimits).toBeVisible();
    await page.screenshot({ path: join(dir!, `guide-neutron-${scheme}.png`) });
  }
});
