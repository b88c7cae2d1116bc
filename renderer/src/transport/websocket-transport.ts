/**
 * The browser transport: the contract over one WebSocket to `quorum serve`. Reconnects with back-off
 * when the socket drops; calls in flight then fail with `disconnected` (never silently retried: a save
 * must not run twice without the user knowing), and subscriptions are renewed on the new socket. A call
 * larger than the server's message limit is refused here with a clear error, never sent (the server would
 * close the socket).
 */
import type { Transport } from '../../../shared/api/bridge';
import type { EventName, OperationName } from '../../../shared/api/contract';
import type { Result } from '../../../shared/api/result';
import {
  closeReason,
  MAX_MESSAGE_BYTES,
  oversizeCallMessage,
  ServerMessage,
  SOCKET_PATH,
  TOKEN_PARAM,
} from '../../../shared/api/wire';
import { decodeDataFrame, type Utf8Codec } from '../../../shared/api/data-frame';

/** UTF-8 in the page; the server never splits a character, so no streaming decoder is needed. */
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const pageUtf8: Utf8Codec = {
  encode: (text) => encoder.encode(text),
  decode: (bytes) => decoder.decode(bytes),
};

export type ConnectionState = 'connecting' | 'open' | 'lost';

/** Back-off between reconnect attempts: quick at first (a restarted server), capped so as not to spin. */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

export function createWebSocketTransport(
  token: string,
  onState: (state: ConnectionState) => void,
): Transport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, Pending>();
  const subscriptions = new Map<number, { event: EventName; listener: (payload: unknown) => void }>();
  const queue: string[] = [];

  const send = (message: object) => sendText(JSON.stringify(message));
  const sendText = (text: string) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(text);
    else queue.push(text);
  };

  const connect = () => {
    onState('connecting');
    const url = new URL(SOCKET_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = `?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      onState('open');
      for (const [id, sub] of subscriptions) ws.send(JSON.stringify({ t: 'sub', id, event: sub.event }));
      for (const text of queue.splice(0)) ws.send(text);
    };
    ws.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) {
        // Bulk output (terminal bytes): a binary data frame, see shared/api/data-frame.ts.
        let frame: ReturnType<typeof decodeDataFrame>;
        try {
          frame = decodeDataFrame(new Uint8Array(event.data), pageUtf8);
        } catch (error) {
          console.warn(`quorum: dropped a malformed data frame: ${(error as Error).message}`);
          return;
        }
        subscriptions.get(frame.id)?.listener(frame.payload);
        return;
      }
      const parsed = ServerMessage.safeParse(JSON.parse(String(event.data)));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.t === 'result') {
        const call = pending.get(message.id);
        pending.delete(message.id);
        call?.resolve(message.result as Result<unknown>);
      } else if (message.t === 'event') {
        subscriptions.get(message.id)?.listener(message.payload);
      } else console.warn(`quorum: server refused a message: ${message.message}`);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      onState('lost');
      for (const [id, call] of pending) {
        call.resolve({ ok: false, error: { code: 'disconnected', message: closeReason(event.code) } });
        pending.delete(id);
      }
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)];
      window.setTimeout(connect, delay);
    };
  };
  connect();

  return {
    invoke(operation: OperationName, input: unknown) {
      const id = nextId++;
      const text = JSON.stringify({ t: 'call', id, op: operation, input });
      // Characters are at most 3 UTF-8 bytes per UTF-16 unit: only count the bytes when it could matter.
      const tooLarge =
        text.length * 3 > MAX_MESSAGE_BYTES
          ? oversizeCallMessage(operation, encoder.encode(text).byteLength)
          : null;
      if (tooLarge) return Promise.resolve({ ok: false, error: { code: 'bad-input', message: tooLarge } });
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        sendText(text);
      });
    },
    subscribe(event, listener) {
      const id = nextId++;
      subscriptions.set(id, { event, listener });
      send({ t: 'sub', id, event });
      return () => {
        if (subscriptions.delete(id)) send({ t: 'unsub', id });
      };
    },
  };
}
