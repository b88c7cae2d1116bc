/**
 * The renderer's single handle on the backend. Chosen once at start-up: the preload's `window.quorum`
 * in Electron, a WebSocket bridge in a browser. Nothing else in the renderer knows which.
 */
import { createApi, createBridge, type QuorumApi, type QuorumBridge } from '../../shared/api/bridge';
import { TOKEN_PARAM } from '../../shared/api/wire';
import { createWebSocketTransport, type ConnectionState } from './transport/websocket-transport';

declare global {
  interface Window {
    quorum?: QuorumBridge;
  }
}

let current: QuorumApi | null = null;

/** Picks the transport. Throws a message for the user when neither is available. */
export function connectApi(onState: (state: ConnectionState) => void): QuorumApi {
  if (window.quorum) {
    onState('open');
    current = createApi(window.quorum);
    return current;
  }
  const token = new URLSearchParams(window.location.search).get(TOKEN_PARAM);
  if (!token)
    throw new Error('This page needs the access token: open the full URL printed by `quorum serve`.');
  current = createApi(createBridge(createWebSocketTransport(token, onState)));
  return current;
}

export function api(): QuorumApi {
  if (!current) throw new Error('the API is used before connectApi()');
  return current;
}
