/**
 * In browser mode the path to a PDF is the HTML runbook's print style: Chromium prints the runbook of the
 * template with every system in the book to a multi-page PDF (page.pdf, the engine of the print dialog).
 * The runbook comes from the CLI (`quorum runbook … -o runbook.html`), opened from a file: URL with the
 * network blocked, as a user would open the exported file.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

test('the HTML runbook prints to a non-empty multi-page PDF', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'quorum-runbook-pdf-'));
  try {
    const html = join(dir, 'runbook.html');
    execFileSync(
      process.execPath,
      [
        join(root, 'bin', 'quorum.mjs'),
        'runbook',
        join(root, 'assets', 'templates', 'book-complete.quorum'),
        '-o',
        html,
      ],
      { stdio: 'pipe' },
    );
    const requests: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(html).href);
    await expect(page.locator('h1')).toContainText(
      'Runbook: Learning OpenStack HA — every system in the book',
    );
    await expect(page.locator('body')).toContainText('swift-ring-builder');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(requests, 'the runbook loads nothing from the network').toEqual([]);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThan(10);
    // A blank page would be tiny: the text is really there.
    expect(pdf.length).toBeGreaterThan(50_000);
    expect((await readFile(html, 'utf8')).length).toBeGreaterThan(10_000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
