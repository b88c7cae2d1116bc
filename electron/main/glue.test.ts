/**
 * The Electron glue (main's IPC loop, the preload's bridge) run against a FAKE Electron module
 * (see test-support/fake-electron.ts): the real binary is not available here.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createFakeElectron } from './test-support/fake-electron';

const fake = createFakeElectron();
vi.mock('electron', () => fake.module);

describe('main process glue (fake Electron)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quorum-fake-electron-'));
  process.env.QUORUM_DATA_DIR = dataDir;
  // The last run's window: maximised, its normal bounds on the (fake) 1920×1050 screen.
  const lastRun = { bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true };
  writeFileSync(join(dataDir, 'window-state.json'), JSON.stringify(lastRun));
  // Started as by a double-click on a project (Linux, Windows): the file is on the command line.
  const argv = process.argv;
  process.argv = [argv[0]!, '--no-sandbox', '/home/u/started.quorum'];
  await import('./index');
  process.argv = argv;
  fake.ready();
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  const window = fake.windows[0]!;
  const invoke = fake.handlers.get('quorum:invoke')!;
  const trusted = {
    sender: window.webContents,
    senderFrame: { url: 'app://quorum/index.html', parent: null },
  };

  it('creates the window from the options factory and loads the app origin', () => {
    expect(window.options).toMatchObject({
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: true },
    });
    expect(window.loaded).toBe('app://quorum/index.html');
  });

  it('registers exactly the three IPC channels', () => {
    expect([...fake.handlers.keys()].sort()).toEqual([
      'quorum:invoke',
      'quorum:subscribe',
      'quorum:unsubscribe',
    ]);
  });

  it('dispatches calls from our own page', async () => {
    expect(await invoke(trusted, 'getAppInfo', {})).toMatchObject({
      ok: true,
      value: { host: 'electron', capabilities: { nativeDialogs: true, nativeMenu: true } },
    });
    expect(await invoke(trusted, 'openProject', { path: 3 })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
  });

  it.each([
    [
      'another origin',
      { sender: window.webContents, senderFrame: { url: 'https://evil.example/', parent: null } },
    ],
    [
      'a sub-frame',
      { sender: window.webContents, senderFrame: { url: 'app://quorum/index.html', parent: {} } },
    ],
    ['another web contents', { sender: {}, senderFrame: { url: 'app://quorum/index.html', parent: null } }],
    ['no frame', { sender: window.webContents, senderFrame: null }],
  ])('refuses calls from %s', async (_label, event) => {
    expect(await invoke(event, 'getAppInfo', {})).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'untrusted sender' },
    });
  });

  it('forwards subscribed events to the page without the IPC event', async () => {
    const subscribe = fake.handlers.get('quorum:subscribe')!;
    expect(await subscribe(trusted, 'menuCommand')).toEqual({ ok: true, value: null });
    expect(await subscribe(trusted, 'nope')).toMatchObject({ ok: false, error: { code: 'unknown-event' } });
    // The project named on the command line waited for the page to listen.
    expect(window.webContents.sent).toEqual([
      ['quorum:event', 'menuCommand', { command: 'openRecent', path: '/home/u/started.quorum' }],
    ]);
    fake.clickMenu('&File', '&Save');
    expect(window.webContents.sent.at(-1)).toEqual(['quorum:event', 'menuCommand', { command: 'save' }]);
    await fake.handlers.get('quorum:unsubscribe')!(trusted, 'menuCommand');
    fake.clickMenu('&File', '&Open…');
    expect(window.webContents.sent).toHaveLength(2);
  });

  it("opens a second instance's project and a macOS open-file in the running window", async () => {
    await fake.handlers.get('quorum:subscribe')!(trusted, 'menuCommand');
    const focused = window.focused;
    fake.module.app.emit('second-instance', {}, ['/opt/Quorum/quorum', 'lab.quorum'], '/home/u/designs');
    expect(window.webContents.sent.at(-1)).toEqual([
      'quorum:event',
      'menuCommand',
      { command: 'openRecent', path: '/home/u/designs/lab.quorum' },
    ]);
    expect(window.focused).toBe(focused + 1);
    const preventDefault = vi.fn();
    fake.module.app.emit('open-file', { preventDefault }, '/Users/u/dc.quorum');
    expect(preventDefault).toHaveBeenCalled();
    expect(window.webContents.sent.at(-1)).toEqual([
      'quorum:event',
      'menuCommand',
      { command: 'openRecent', path: '/Users/u/dc.quorum' },
    ]);
    // A second instance without a project only brings the window forward.
    const sent = window.webContents.sent.length;
    fake.module.app.emit('second-instance', {}, ['/opt/Quorum/quorum'], '/');
    expect(window.webContents.sent).toHaveLength(sent);
    // Each of the three brought the window forward.
    expect(window.focused).toBe(focused + 3);
  });

  it("adds each project opened or saved to the OS's recent documents, once", async () => {
    const report = (path: string | null) =>
      invoke(trusted, 'reportDocumentState', { title: 'x', dirty: false, path });
    await report('/home/u/a.quorum');
    await report('/home/u/a.quorum');
    await report(null);
    await report('/home/u/b.quorum');
    expect(fake.recentDocuments).toEqual(['/home/u/a.quorum', '/home/u/b.quorum']);
  });

  it("restores the last run's bounds, maximised once it is ready to show", () => {
    expect(window.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 });
    expect(window.maximized).toBe(false);
    window.emit('ready-to-show');
    expect(window.maximized).toBe(true);
  });

  it('takes the data folder lock and keeps the window state when the window closes', () => {
    expect(JSON.parse(readFileSync(join(dataDir, 'quorum.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
      program: 'the Quorum app',
    });
    writeFileSync(join(dataDir, 'window-state.json'), '');
    window.emit('close', { preventDefault: () => undefined });
    expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toEqual(lastRun);
  });
});

describe('preload (fake Electron)', async () => {
  await import('../preload/index');
  const bridge = fake.exposed.get('quorum') as Record<string, unknown>;

  it('exposes only window.quorum, with functions only', () => {
    expect([...fake.exposed.keys()]).toEqual(['quorum']);
    expect(Object.values(bridge).every((v) => typeof v === 'function')).toBe(true);
    expect(Object.keys(bridge)).not.toContain('ipcRenderer');
    expect(Object.keys(bridge)).not.toContain('send');
  });

  it('calls go to the one invoke channel with the operation name', async () => {
    await (bridge.listRecentProjects as (input: unknown) => Promise<unknown>)({});
    expect(fake.invoked.at(-1)).toEqual(['quorum:invoke', 'listRecentProjects', {}]);
  });

  it('listeners get the payload only and can unsubscribe', () => {
    const listener = vi.fn();
    const off = (bridge.onMenuCommand as (l: unknown) => () => void)(listener);
    expect(fake.invoked.at(-1)).toEqual(['quorum:subscribe', 'menuCommand']);
    const deliver = fake.rendererListeners.get('quorum:event')!;
    deliver({ sender: 'ipc-event-object' }, 'menuCommand', { command: 'save' });
    expect(listener).toHaveBeenCalledWith({ command: 'save' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(fake.invoked.at(-1)).toEqual(['quorum:unsubscribe', 'menuCommand']);
    deliver({}, 'menuCommand', { command: 'open' });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
