import { describe, expect, it, vi } from 'vitest';
import { createDesign } from '../design/schema';
import { createDispatcher, createEventHub, type Handlers } from './dispatcher';
import { ApiError } from './result';
import { OPERATION_NAMES } from './contract';

const info = {
  name: 'Quorum',
  version: '1',
  host: 'web' as const,
  platform: 'linux',
  capabilities: { nativeDialogs: false, nativeMenu: false },
  dataDir: '/d',
  projectsDir: '/p',
};

function handlers(overrides: Partial<Handlers<null>> = {}): Handlers<null> {
  const fail = () => {
    throw new Error('not used in this test');
  };
  const all = Object.fromEntries(OPERATION_NAMES.map((name) => [name, fail])) as unknown as Handlers<null>;
  return { ...all, getAppInfo: () => info, ...overrides };
}

describe('dispatcher', () => {
  it('calls a known operation and returns its validated output', async () => {
    const dispatcher = createDispatcher(handlers(), createEventHub());
    expect(await dispatcher.invoke('getAppInfo', {}, null)).toEqual({ ok: true, value: info });
  });

  it.each([['nope'], [42], [null], ['__proto__'], ['toString']])(
    'rejects the unknown operation %j',
    async (op) => {
      const dispatcher = createDispatcher(handlers(), createEventHub());
      const result = await dispatcher.invoke(op, {}, null);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
    },
  );

  it('rejects a bad payload before the handler runs, naming the field', async () => {
    const openProject = vi.fn();
    const dispatcher = createDispatcher(handlers({ openProject }), createEventHub());
    const result = await dispatcher.invoke('openProject', { path: 7 }, null);
    expect(openProject).not.toHaveBeenCalled();
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'bad-input', problems: [{ path: 'path', message: 'expected string, found number' }] },
    });
  });

  it('rejects unexpected extra fields', async () => {
    const dispatcher = createDispatcher(handlers(), createEventHub());
    const result = await dispatcher.invoke('getAppInfo', { sneaky: true }, null);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-input', problems: [{ path: 'sneaky' }] } });
  });

  it('rejects a design that fails its schema inside a payload', async () => {
    const saveProject = vi.fn();
    const dispatcher = createDispatcher(handlers({ saveProject }), createEventHub());
    const design = {
      ...createDesign(),
      nodes: [{ id: 'a', hostname: 'a', roles: [], nics: [{ name: 'eth0', network: 'x' }] }],
    };
    const result = await dispatcher.invoke('saveProject', { path: '/tmp/x.quorum', design }, null);
    expect(saveProject).not.toHaveBeenCalled();
    expect(result).toMatchObject({
      ok: false,
      error: { problems: [{ path: 'design.nodes[0].nics[0].network' }] },
    });
  });

  it('turns handler errors into results: ApiError keeps its code and problems', async () => {
    const dispatcher = createDispatcher(
      handlers({
        openProject: () => {
          throw new ApiError('invalid-project', 'bad', [{ path: 'name', message: 'required' }]);
        },
        listRecentProjects: () => {
          throw new Error('boom');
        },
      }),
      createEventHub(),
    );
    expect(await dispatcher.invoke('openProject', { path: 'x' }, null)).toEqual({
      ok: false,
      error: { code: 'invalid-project', message: 'bad', problems: [{ path: 'name', message: 'required' }] },
    });
    expect(await dispatcher.invoke('listRecentProjects', {}, null)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('refuses a malformed handler output instead of passing it on', async () => {
    const dispatcher = createDispatcher(
      handlers({ getAppInfo: () => ({ ...info, host: 'mainframe' }) as unknown as typeof info }),
      createEventHub(),
    );
    expect(await dispatcher.invoke('getAppInfo', {}, null)).toMatchObject({
      ok: false,
      error: { code: 'bad-output' },
    });
  });

  it('manages subscriptions: deliver, unsubscribe, reject unknown events', () => {
    const hub = createEventHub();
    const dispatcher = createDispatcher(handlers(), hub);
    const listener = vi.fn();
    const sub = dispatcher.subscribe('menuCommand', listener);
    expect(sub.ok).toBe(true);
    hub.emit('menuCommand', { command: 'save' });
    expect(listener).toHaveBeenCalledWith({ command: 'save' });
    if (sub.ok) sub.value();
    hub.emit('menuCommand', { command: 'open' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(hub.listenerCount('menuCommand')).toBe(0);
    expect(dispatcher.subscribe('keystrokes', listener)).toMatchObject({
      ok: false,
      error: { code: 'unknown-event' },
    });
  });

  it('refuses to emit a payload that breaks the contract', () => {
    const hub = createEventHub();
    expect(() => hub.emit('menuCommand', { command: 'format-disk' } as never)).toThrow();
  });
});
