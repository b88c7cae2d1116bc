/**
 * Launches the real Electron app. Runs only where the Electron binary is installed; on machines that
 * installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 it is reported as skipped with that reason.
 */
import { _electron as electron, test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

  test("the packaged app.asar runs: electron-builder's --linux dir output, started by the real Electron", async () => {
    test.skip(process.platform !== 'linux', 'electron-builder packs --linux dir on Linux only');
    // Packing takes a while; the packed executable itself is fused (no --inspect), which Playwright needs,
    // so the unfused Electron binary runs the packed app.asar instead.
    test.setTimeout(180_000);
    const work = await mkdtemp(join(tmpdir(), 'quorum-packed-'));
    try {
      const packed = spawnSync(
        join(root, 'node_modules', '.bin', 'electron-builder'),
        [
          '--config',
          'electron-builder.config.mjs',
          '--linux',
          'dir',
          `-c.electronDist=${dirname(binary!)}`,
          `-c.directories.output=${join(work, 'dist')}`,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      expect(packed.status, `${packed.stdout}\n${packed.stderr}`).toBe(0);
      const asar = join(work, 'dist', 'linux-unpacked', 'resources', 'app.asar');
      const app = await electron.launch({
        executablePath: binary ?? undefined,
        args: [...electronArgs(), asar],
        env: {
          ...process.env,
          QUORUM_DATA_DIR: join(work, 'data'),
          QUORUM_PROJECTS_DIR: join(work, 'projects'),
        },
      });
      try {
        const window = await app.firstWindow();
        await expect(window.getByTestId('project-title')).toHaveText('Untitled cloud');
        expect(await app.evaluate(({ app: electronApp }) => electronApp.getAppPath())).toBe(asar);
      } finally {
        await app.close();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
