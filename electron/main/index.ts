/**
 * Electron main: the thin glue between the window and the backend. Everything it does with data goes
 * through the shared dispatcher; this file owns only window security, the app:// protocol, menus,
 * native dialogs and the IPC loop.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBackend } from '../api/backend';
import { acquireDataLock, DataFolderLockedError } from '../store/data-lock';
import { isEventName } from '../../shared/api/contract';
import { CONTENT_SECURITY_POLICY } from '../web/csp';
import { QUORUM_VERSION } from '../version';
import { buildMenu } from './menu';
import { OpenRequests, projectFromArgv } from './open-requests';
import { printHtmlToPdf } from './pdf';
import { appRequestToFile, isAllowedExternalUrl, isTrustedSender } from './security';
import { APP_ENTRY_URL, APP_SCHEME, createWindowOptions, WINDOW_SIZE } from './window-options';
import { loadWindowState, restoreBounds, saveWindowState } from './window-state';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const rendererDir = join(__dirname, '..', 'renderer');
const preloadPath = join(__dirname, '..', 'preload', 'index.cjs');
let window: BrowserWindow | null = null;
let documentState = { title: 'Quorum', dirty: false, path: null as string | null };

const projectFilters = [{ name: 'Quorum project', extensions: ['quorum'] }];
// userData follows package.json's productName: one folder for `npm start` and the installed app.
// QUORUM_DATA_DIR moves it (tests, a second profile): a separate folder is a separate single instance.
if (process.env.QUORUM_DATA_DIR) app.setPath('userData', resolve(process.env.QUORUM_DATA_DIR));
const dataDir = app.getPath('userData');
/** Development builds (`npm start`) get DevTools and Reload; the installed app does not. */
const development = !app.isPackaged;
/** Project files the desktop asks to open (argv, a second instance, macOS open-file). */
const openRequests = new OpenRequests();

/**
 * Whether this process runs the app: the first instance (a second one hands its command line to the
 * first and quits: exit 0) and the only process using the data folder (not a `quorum serve` on it, say:
 * exit 1 after saying so). Returns null when it does, else the exit code.
 */
function takeOwnership(): number | null {
  if (!app.requestSingleInstanceLock()) return 0;
  try {
    acquireDataLock(dataDir, 'the Quorum app');
    return null;
  } catch (error) {
    const message = error instanceof DataFolderLockedError ? error.message : String(error);
    dialog.showErrorBox('Quorum cannot start', `Quorum: ${message}`);
    return 1;
  }
}

// Decided before anything else: a refused process exits below before any operation runs (making the
// backend touches no file).
const refusal = takeOwnership();

const backend = createBackend(
  {
    dataDir,
    projectsDir: process.env.QUORUM_PROJECTS_DIR ?? join(app.getPath('documents'), 'Quorum'),
  },
  {
    host: 'electron',
    version: QUORUM_VERSION,
    nativeMenu: true,
    credentialVault: {
      // On Linux without a keyring safeStorage falls back to a hard-coded key ("basic_text").
      keyringAvailable: () =>
        safeStorage.isEncryptionAvailable() &&
        (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
      encrypt: (text) => safeStorage.encryptString(text),
      decrypt: (data) => safeStorage.decryptString(data),
    },
    dialogs: {
      async chooseOpenPath(defaultDir) {
        const options = {
          defaultPath: defaultDir,
          properties: ['openFile' as const],
          filters: projectFilters,
        };
        const result = window
          ? await dialog.showOpenDialog(window, options)
          : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async chooseSavePath(defaultPath) {
        const options = { defaultPath, filters: projectFilters };
        const result = window
          ? await dialog.showSaveDialog(window, options)
          : await dialog.showSaveDialog(options);
        return result.canceled ? null : (result.filePath ?? null);
      },
    },
    onDocumentState(state) {
      // The OS's recent documents (Dock, Jump List, GNOME recent files) get each project opened or saved.
      if (state.path && state.path !== documentState.path) app.addRecentDocument(state.path);
      documentState = state;
      window?.setTitle(state.title);
      window?.setDocumentEdited(state.dirty);
      if (state.path) window?.setRepresentedFilename(state.path);
    },
    onRecentChanged: () => void refreshMenu(),
    runbookExport: {
      async chooseExportPath(defaultPath, format) {
        const names = { html: 'Runbook (HTML)', md: 'Runbook (Markdown)', pdf: 'Runbook (PDF)' };
        const options = { defaultPath, filters: [{ name: names[format], extensions: [format] }] };
        const result = window
          ? await dialog.showSaveDialog(window, options)
          : await dialog.showSaveDialog(options);
        return result.canceled ? null : (result.filePath ?? null);
      },
      printHtmlToPdf,
    },
  },
);

async function refreshMenu(): Promise<void> {
  const recent = await backend.store.listRecent();
  Menu.setApplicationMenu(
    buildMenu(recent, (command) => backend.hub.emit('menuCommand', command), {
      development,
      platform: process.platform,
    }),
  );
}

function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return Boolean(
    window &&
    event.sender === window.webContents &&
    frame &&
    isTrustedSender(frame.url, frame.parent === null),
  );
}

/** The IPC loop: three channels, every payload parsed by the dispatcher, the sender checked first. */
function wireIpc(): void {
  const subscriptions = new Map<number, Map<string, () => void>>();
  ipcMain.handle('quorum:invoke', (event, operation: unknown, input: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    return backend.dispatcher.invoke(operation, input, { client: `window-${event.sender.id}` });
  });
  ipcMain.handle('quorum:subscribe', (event, name: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    if (!isEventName(name))
      return { ok: false, error: { code: 'unknown-event', message: `unknown event ${String(name)}` } };
    const sender = event.sender;
    let perSender = subscriptions.get(sender.id);
    if (!perSender) {
      subscriptions.set(sender.id, (perSender = new Map()));
      sender.once('destroyed', () => {
        for (const unsubscribe of subscriptions.get(sender.id)?.values() ?? []) unsubscribe();
        subscriptions.delete(sender.id);
      });
    }
    if (perSender.has(name)) return { ok: true, value: null };
    const result = backend.dispatcher.subscribe(name, (payload) => {
      if (!sender.isDestroyed()) sender.send('quorum:event', name, payload);
    });
    if (result.ok) perSender.set(name, result.value);
    // The page now hears menu commands: hand it the project files that waited for it.
    if (result.ok && name === 'menuCommand')
      openRequests.listening((path) => backend.hub.emit('menuCommand', { command: 'openRecent', path }));
    return result.ok ? { ok: true, value: null } : result;
  });
  ipcMain.handle('quorum:unsubscribe', (event, name: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    const perSender = subscriptions.get(event.sender.id);
    if (typeof name === 'string') {
      perSender?.get(name)?.();
      perSender?.delete(name);
    }
    return { ok: true, value: null };
  });
}

function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appRequestToFile(request.url, rendererDir, sep);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href);
    if (!response.ok) return response;
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function harden(): void {
  // Quorum needs no camera, notifications, geolocation or anything else: refuse every request.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== contents.getURL()) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function createWindow(): void {
  const saved = loadWindowState(dataDir);
  const primary = screen.getPrimaryDisplay();
  const workAreas = [
    primary.workArea,
    ...screen
      .getAllDisplays()
      .filter((d) => d.id !== primary.id)
      .map((d) => d.workArea),
  ];
  window = new BrowserWindow({
    ...createWindowOptions(preloadPath, { devTools: development }),
    ...restoreBounds(saved, workAreas, WINDOW_SIZE),
  });
  // maximize() also shows the window: wait for the first paint, as show() does.
  window.once('ready-to-show', () => {
    if (saved?.maximized) window?.maximize();
    window?.show();
  });
  window.on('close', (event) => {
    if (window) rememberWindow(window);
    if (!documentState.dirty || !window) return;
    event.preventDefault();
    const target = window;
    void dialog
      .showMessageBox(target, {
        type: 'warning',
        buttons: ['Discard changes', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: 'The project has unsaved changes.',
        detail: 'They are kept in the autosave and offered again on the next start.',
      })
      .then(({ response }) => {
        if (response === 0) target.destroy();
      });
  });
  window.on('closed', () => {
    window = null;
    openRequests.closed();
  });
  void window.loadURL(APP_ENTRY_URL);
}

/** Keeps the window's normal bounds and maximised state for the next start (window-state.ts). */
function rememberWindow(target: BrowserWindow): void {
  try {
    saveWindowState(dataDir, { bounds: target.getNormalBounds(), maximized: target.isMaximized() });
  } catch (error) {
    console.warn(`quorum: could not save the window state: ${(error as Error).message}`);
  }
}

/** Brings the window forward (a second instance or a file opened from the desktop), or opens one. */
function showWindow(): void {
  if (!app.isReady()) return;
  if (!window) return createWindow();
  if (window.isMinimized()) window.restore();
  window.focus();
}

if (refusal === null) {
  const initial = projectFromArgv(process.argv, process.cwd());
  if (initial) openRequests.request(initial);
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = projectFromArgv(argv, workingDirectory);
    if (path) openRequests.request(path);
    showWindow();
  });
  // macOS: a double-clicked project, before or after start-up (registered before 'ready' on purpose).
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openRequests.request(path);
    showWindow();
  });
  app.enableSandbox();
  void app.whenReady().then(async () => {
    harden();
    serveAppProtocol();
    wireIpc();
    await refreshMenu();
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
} else {
  // Another instance has the app (it got our command line), or the data folder is taken (said above).
  app.exit(refusal);
}
