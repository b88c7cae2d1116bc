/**
 * Launches the real Electron app. Runs only where the Electron binary is installed; on machines that
 * installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 it is reported as skipped with that reason.
 */
import { _electron as electron, test, expect } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronArgs, electronBinary } from '../scripts/electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const binary = electronBinary();

test.describe('Electron app', () => {
  test.skip(
    binary === null,
    'Electron binary not installed (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, no download possible here); the same UI and backend are tested through `quorum serve`.',
  );

  test('launches with the project in the window title', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'quorum-electron-'));
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [...electronArgs(), join(root, 'out', 'main', 'index.cjs')],
      env: { ...process.env, QUORUM_DATA_DIR: dataDir, QUORUM_PROJECTS_DIR: join(dataDir, 'projects') },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('project-title')).toHaveText('Untitled cloud');
      await expect.poll(() => window.title()).toBe('Untitled cloud — Quorum');
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('File › Export Runbook › As PDF prints the runbook offscreen to a PDF', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'quorum-electron-'));
    const output = join(dataDir, 'runbook.pdf');
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [...electronArgs(), join(root, 'out', 'main', 'index.cjs')],
      env: { ...process.env, QUORUM_DATA_DIR: dataDir, QUORUM_PROJECTS_DIR: join(dataDir, 'projects') },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('project-title')).toHaveText('Untitled cloud');
      // The save dialog is native: answer it in the main process, then click the menu item.
      await app.evaluate(({ dialog, Menu }, path) => {
        dialog.showSaveDialog = (() =>
          Promise.resolve({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
        Menu.getApplicationMenu()?.getMenuItemById('export-runbook-pdf')?.click();
      }, output);
      await expect
        .poll(
          async () => (await readFile(output).catch(() => Buffer.alloc(0))).subarray(0, 5).toString('latin1'),
          {
            timeout: 30_000,
          },
        )
        .toBe('%PDF-');
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
