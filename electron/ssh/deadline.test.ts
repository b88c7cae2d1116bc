import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { armDeadline } from './deadline';

function handlers() {
  return { onTimeout: vi.fn<(afterMs: number) => void>(), onAbort: vi.fn<() => void>() };
}

describe('armDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls onTimeout once the timeout passed, with the timeout', () => {
    const h = handlers();
    armDeadline({ timeoutMs: 500 }, h);
    vi.advanceTimersByTime(499);
    expect(h.onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(h.onTimeout).toHaveBeenCalledExactlyOnceWith(500);
    expect(h.onAbort).not.toHaveBeenCalled();
  });

  it('arms no timer without a timeout', () => {
    const h = handlers();
    armDeadline({}, h);
    armDeadline({ timeoutMs: 0 }, h);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('calls onAbort once when the signal aborts', () => {
    const h = handlers();
    const controller = new AbortController();
    armDeadline({ signal: controller.signal }, h);
    controller.abort();
    controller.abort();
    expect(h.onAbort).toHaveBeenCalledTimes(1);
    expect(h.onTimeout).not.toHaveBeenCalled();
  });

  it('calls onAbort on a microtask when the signal had already aborted', async () => {
    const h = handlers();
    armDeadline({ signal: AbortSignal.abort() }, h);
    expect(h.onAbort).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(h.onAbort).toHaveBeenCalledTimes(1);
  });

  it('disarmed: neither the timer nor the signal calls anything', () => {
    const h = handlers();
    const controller = new AbortController();
    const disarm = armDeadline({ timeoutMs: 500, signal: controller.signal }, h);
    disarm();
    vi.advanceTimersByTime(1000);
    controller.abort();
    expect(h.onTimeout).not.toHaveBeenCalled();
    expect(h.onAbort).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
