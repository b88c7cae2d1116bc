import { BrowserWindow, session } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Prints a self-contained HTML page (the runbook) to PDF with Chromium: a hidden, offscreen, sandboxed
 * window without Node or JavaScript, in its own in-memory session that refuses every request but the page
 * itself. The page is a temporary file (a data: URL is capped at 2 MB; big runbooks pass that).
 */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'quorum-pdf-'));
  const file = join(dir, 'runbook.html');
  await writeFile(file, html);
  const url = pathToFileURL(file).href;
  const partition = session.fromPartition(`quorum-pdf-${Date.now()}`);
  partition.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== url }));
  partition.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      session: partition,
      offscreen: true,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
    },
  });
  try {
    await window.loadURL(url);
    return await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
