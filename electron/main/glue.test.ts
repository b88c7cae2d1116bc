/**
 * The Electron glue (main's IPC loop, the preload's bridge) run against a FAKE Electron module
 * (see test-support/fake-electron.ts): the real binary is not available here.
 */
import { describe, expect, it, vi } from 'vitest';
import { createFakeElectron } from './test-support/fake-electron';

const fake = createFakeElectron();
vi.mock('electron', () => fake.module);

describe('main process glue (fake Electron)', async () => {
  process.env.QUORUM_DATA_DIR = '/tmp/quorum-fake-electron/data';
  await import('./index');
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
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
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
    fake.clickMenu('&File', '&Save');
    expect(window.webContents.sent).toEqual([['quorum:event', 'menuCommand', { command: 'save' }]]);
    await fake.handlers.get('quorum:unsubscribe')!(trusted, 'menuCommand');
    fake.clickMenu('&File', '&Open…');
    expect(window.webContents.sent).toHaveLength(1);
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
