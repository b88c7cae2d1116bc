/**
 * The preload: exposes `window.quorum` (one function per operation, `on…` subscriptions returning an
 * unsubscribe function) and nothing else. ipcRenderer never reaches the page; listeners receive payloads,
 * never the IPC event. Bundled into one CommonJS file because a sandboxed preload cannot load modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge, type Transport } from '../../shared/api/bridge';
import type { Result } from '../../shared/api/result';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on('quorum:event', (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of [...(listeners.get(name) ?? [])]) listener(payload);
});

const transport: Transport = {
  invoke: (operation, input) =>
    ipcRenderer.invoke('quorum:invoke', operation, input) as Promise<Result<unknown>>,
  subscribe(event, listener) {
    let set = listeners.get(event);
    if (!set) {
      listeners.set(event, (set = new Set()));
      void ipcRenderer.invoke('quorum:subscribe', event);
    }
    set.add(listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      set.delete(listener);
      if (set.size === 0) {
        listeners.delete(event);
        void ipcRenderer.invoke('quorum:unsubscribe', event);
      }
    };
  },
};

contextBridge.exposeInMainWorld('quorum', createBridge(transport));
