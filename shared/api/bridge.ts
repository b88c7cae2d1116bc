import {
  EVENT_NAMES,
  OPERATION_NAMES,
  subscriptionKey,
  type EventName,
  type EventPayload,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from './contract';
import { ApiError, type Result } from './result';

/** Unsubscribes a listener; calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * What a transport must provide: one call primitive and one subscription primitive. Electron's preload
 * implements it over `ipcRenderer.invoke`, the browser over one WebSocket. Neither is ever exposed.
 */
export interface Transport {
  invoke(operation: OperationName, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

/**
 * `window.quorum`: one function per operation, returning a `Result` (errors survive `contextBridge`
 * intact that way), and one `on<Event>` per event stream, returning an unsubscribe function.
 * Listeners receive the payload only, never a transport event object.
 */
export type QuorumBridge = {
  [K in OperationName]: (input: OperationInput<K>) => Promise<Result<OperationOutput<K>>>;
} & {
  [E in EventName as `on${Capitalize<E>}`]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/** Builds the bridge object from a transport; the same code runs in the preload and in the browser. */
export function createBridge(transport: Transport): QuorumBridge {
  const bridge: Record<string, unknown> = {};
  for (const operation of OPERATION_NAMES) {
    bridge[operation] = (input: unknown) => transport.invoke(operation, input ?? {});
  }
  for (const event of EVENT_NAMES) {
    bridge[subscriptionKey(event)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${subscriptionKey(event)} needs a function`);
      return transport.subscribe(event, (payload) => listener(payload));
    };
  }
  return Object.freeze(bridge) as QuorumBridge;
}

/** The renderer's view of the API: operations resolve to values and reject with `ApiError`. */
export type QuorumApi = {
  [K in OperationName]: (input: OperationInput<K>) => Promise<OperationOutput<K>>;
} & {
  [E in EventName as `on${Capitalize<E>}`]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/** Wraps a bridge so that failed results throw `ApiError`. */
export function createApi(bridge: QuorumBridge): QuorumApi {
  const api: Record<string, unknown> = {};
  for (const operation of OPERATION_NAMES) {
    const call = bridge[operation] as (input: unknown) => Promise<Result<unknown>>;
    api[operation] = async (input: unknown) => {
      const result = await call(input);
      if (!result.ok) throw ApiError.fromShape(result.error);
      return result.value;
    };
  }
  for (const event of EVENT_NAMES) {
    const key = subscriptionKey(event);
    api[key] = bridge[key];
  }
  return api as QuorumApi;
}
