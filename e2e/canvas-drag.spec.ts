import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import type { QuorumApp } from './pages/quorum-app';

const template = fileURLToPath(new URL('../assets/templates/ha-guide-reference.quorum', import.meta.url));
const viewportTransform = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
/** React Flow's viewport transform as [x, y, zoom]. */
async function viewOf(page: Page): Promise<[number, number, number]> {
  const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\) scale\(([\d.]+)\)/.exec(await viewportTransform(page));
  if (!m) throw new Error(`unexpected viewport transform: ${await viewportTransform(page)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Opens a copy of the HA-guide reference template; returns the copy's path. */
async function openTemplate(app: QuorumApp, projectsDir: string): Promise<string> {
  await mkdir(projectsDir, { recursive: true });
  const file = join(projectsDir, 'ha.quorum');
  await copyFile(template, file);
  await app.openPath(file);
  return file;
}

test('a host dragged to the canvas edge auto-pans the view, ends where it is dropped, one undo step', async ({
  app,
  page,
  server,
}) => {
  const file = await openTemplate(app, server.projectsDir);
  const before = JSON.parse(await readFile(file, 'utf8'));
  const flow = page.locator('.react-flow');
  const host = page.getByTestId('host-controller2');
  const start = (await host.boundingBox())!;
  const pane = (await flow.boundingBox())!;
  const grab = { x: start.width / 2, y: 10 };
  await page.mouse.move(start.x + grab.x, start.y + grab.y);
  await page.mouse.down();
  await expect(flow).not.toHaveClass(/\bmoving\b/);
  // Into React Flow's auto-pan zone (40 px from the top edge) and hold there until the view has scrolled.
  const drop = { x: start.x + grab.x + 30, y: pane.y + 15 };
  await page.mouse.move(drop.x, drop.y, { steps: 10 });
  // While a host is dragged the drawing is its own compositor layer (canvas.css: `.moving`).
  await expect(flow).toHaveClass(/\bmoving\b/);
  // Its NIC lines are drawn apart from the others (a layer of their own) while it moves.
  await expect(page.locator('.nic-lines-dragged [data-testid="nic-lines-controller2"]')).toHaveCount(1);
  await expect(page.locator('.nic-lines-dragged path')).toHaveCount(1);
  const panning = await viewportTransform(page);
  await expect.poll(() => viewportTransform(page)).not.toBe(panning);
  await page.mouse.up();
  await expect(flow).not.toHaveClass(/\bmoving\b/);
  await expect(page.locator('.nic-lines-dragged')).toHaveCount(0);
  await expect(page.getByTestId('nic-lines-controller2')).toHaveCount(1);
  // The host ends under the pointer where it was grabbed, across the pan, within the 8-unit snap grid. (React
  // Flow alone measures the grab once the pointer passed its drag threshold: the first 12 px step of this move
  // was lost, and the host landed that far off.)
  const zoom = Number(/scale\(([\d.]+)\)/.exec(await viewportTransform(page))![1]);
  const end = (await host.boundingBox())!;
  expect(Math.abs(end.x + grab.x - drop.x)).toBeLessThanOrEqual(8 * zoom + 1);
  expect(Math.abs(end.y + grab.y - drop.y)).toBeLessThanOrEqual(8 * zoom + 1);
  // It is drawn where the design has it: nothing moves once the drop is committed.
  await expect.poll(async () => (await host.boundingBox())!.y).toBe(end.y);
  await app.saveAs('moved');
  const moved = JSON.parse(await readFile(join(server.projectsDir, 'moved.quorum'), 'utf8'));
  // The view panned up, so the host moved up in the drawing by more than the pointer moved on screen.
  expect(moved.layout.nodes.controller2.y).toBeLessThan(
    before.layout.nodes.controller2.y - (start.y + grab.y - drop.y) / zoom,
  );
  expect(moved.layout.nodes.controller1).toEqual(before.layout.nodes.controller1);
  // The whole drag, pan included, is one undo step.
  await page.getByRole('button', { name: 'Undo' }).click();
  await app.saveAs('undone');
  const undone = JSON.parse(await readFile(join(server.projectsDir, 'undone.quorum'), 'utf8'));
  expect(undone.layout).toEqual(before.layout);
});

test('dragging the view makes the drawing a layer only while the pointer is down', async ({
  app,
  page,
  server,
}) => {
  await openTemplate(app, server.projectsDir);
  await expect(page.getByTestId('host-controller1')).toBeVisible();
  const flow = page.locator('.react-flow');
  const pane = (await flow.boundingBox())!;
  const before = await viewportTransform(page);
  // Empty pane to the left of the drawing.
  await page.mouse.move(pane.x + 10, pane.y + pane.height - 60);
  await page.mouse.down();
  await page.mouse.move(pane.x + 60, pane.y + pane.height - 100, { steps: 5 });
  await expect(flow).toHaveClass(/\bmoving\b/);
  await page.mouse.up();
  await expect(flow).not.toHaveClass(/\bmoving\b/);
  expect(await viewportTransform(page)).not.toBe(before);
  // A wheel zoom does not make it a layer (a layer keeps its raster scale: the zoom would look blurred).
  await flow.evaluate((el) => {
    const w = window as unknown as { layered: boolean };
    w.layered = false;
    new MutationObserver(() => (w.layered ||= el.classList.contains('moving'))).observe(el, {
      attributes: true,
    });
  });
  const unzoomed = await viewportTransform(page);
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(() => viewportTransform(page)).not.toBe(unzoomed);
  expect(await page.evaluate(() => (window as unknown as { layered: boolean }).layered)).toBe(false);
});

test.describe('the minimap', () => {
  test.beforeEach(async ({ app, page, server }) => {
    await openTemplate(app, server.projectsDir);
    await expect(page.getByTestId('minimap')).toBeVisible();
  });

  test('shows the drawing; a click there moves the view, its wheel zooms', async ({ page }) => {
    const minimap = page.getByTestId('minimap');
    // Drawn: hosts in their role colours and the lanes, on the panel background, the rest of the view dimmed.
    const colours = await minimap.evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += 4) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(6);
    // Zoomed in, the view is a small part of the drawing.
    for (let i = 0; i < 3; i++) await page.locator('.react-flow__controls-zoomin').click();
    const box = (await minimap.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.5);
    const [leftX, , zoom] = await viewOf(page);
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.5);
    const [rightX, , sameZoom] = await viewOf(page);
    // The view moved right across the drawing, so the drawing moved left on screen; the zoom stayed.
    expect(rightX).toBeLessThan(leftX - 100);
    expect(sameZoom).toBe(zoom);
    // Dragging on the minimap moves the view along.
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    expect((await viewOf(page))[0]).toBeGreaterThan(rightX + 50);
    // The wheel over the minimap zooms the canvas, and does not scroll the page.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 200);
    await expect.poll(async () => (await viewOf(page))[2]).toBeLessThan(zoom);
    expect(await page.evaluate(() => document.scrollingElement?.scrollTop ?? 0)).toBe(0);
  });

  test('can be hidden and shown again, by its buttons and by M; the choice survives a reload', async ({
    page,
  }) => {
    const minimap = page.getByTestId('minimap');
    const show = page.getByRole('button', { name: 'Minimap', exact: true });
    await page.getByRole('button', { name: 'Hide minimap' }).click();
    await expect(minimap).toHaveCount(0);
    await expect(show).toBeVisible();
    await page.reload();
    await expect(page.getByText('Connected')).toBeVisible();
    await expect(show).toBeVisible();
    await expect(minimap).toHaveCount(0);
    await show.click();
    await expect(minimap).toBeVisible();
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('m');
    await expect(minimap).toHaveCount(0);
    await page.keyboard.press('m');
    await expect(minimap).toBeVisible();
    // The shortcut is listed in the help.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(page.getByTestId('shortcut-help')).toContainText('Show or hide the minimap');
  });
});
