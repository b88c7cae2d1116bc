import { describe, expect, it, vi } from 'vitest';
import { createApi, createBridge, type Transport } from './bridge';
import { EVENT_NAMES, OPERATION_NAMES, subscriptionKey } from './contract';
import { ApiError } from './result';

function fakeTransport(): Transport & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    invoke: async (operation, input) => {
      calls.push([operation, input]);
      return operation === 'openProject'
        ? { ok: false, error: { code: 'not-found', message: 'No such file: x' } }
        : { ok: true, value: { echoed: input } };
    },
    subscribe: vi.fn(() => () => undefined),
  };
}

describe('bridge', () => {
  it('exposes exactly one function per operation and one on… per event, nothing generic', () => {
    const bridge = createBridge(fakeTransport());
    const expected = [...OPERATION_NAMES, ...EVENT_NAMES.map(subscriptionKey)].sort();
    expect(Object.keys(bridge).sort()).toEqual(expected);
    expect(Object.keys(bridge)).not.toContain('send');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('passes the operation name and input to the transport', async () => {
    const transport = fakeTransport();
    const bridge = createBridge(transport);
    expect(await bridge.listRecentProjects({})).toEqual({ ok: true, value: { echoed: {} } });
    expect(transport.calls).toEqual([['listRecentProjects', {}]]);
  });

  it('the API throws ApiError with the code for failed results', async () => {
    const api = createApi(createBridge(fakeTransport()));
    const error = await api.openProject({ path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not-found', message: 'No such file: x' });
  });

  it('subscriptions hand listeners the payload only and return an unsubscribe function', () => {
    const transport = fakeTransport();
    let deliver: (payload: unknown) => void = () => undefined;
    const unsubscribe = vi.fn();
    transport.subscribe = vi.fn((_event, listener) => {
      deliver = listener;
      return unsubscribe;
    });
    const bridge = createBridge(transport);
    const listener = vi.fn();
    const off = bridge.onMenuCommand(listener);
    deliver({ command: 'new' });
    expect(listener).toHaveBeenCalledWith({ command: 'new' });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    expect(unsubscribe).toHaveBeenCalled();
    expect(() => bridge.onMenuCommand('x' as never)).toThrow(TypeError);
  });
});
