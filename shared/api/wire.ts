/**
 * Messages on the browser transport's single WebSocket. Calls and subscriptions carry a client-chosen id;
 * the server answers a call once with its result and pushes events tagged with the subscription's id.
 */
import { z } from 'zod';
import { ResultShape } from './result';

const MessageId = z.number().int().nonnegative();

export const ClientMessage = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('call'), id: MessageId, op: z.string().max(100), input: z.unknown() }),
  z.strictObject({ t: z.literal('sub'), id: MessageId, event: z.string().max(100) }),
  z.strictObject({ t: z.literal('unsub'), id: MessageId }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('result'), id: MessageId, result: ResultShape }),
  z.strictObject({ t: z.literal('event'), id: MessageId, payload: z.unknown() }),
  /** The server refused a message it could not even route (malformed JSON, unknown shape). */
  z.strictObject({ t: z.literal('error'), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Path of the API socket on the web host. */
export const SOCKET_PATH = '/api';
/** Query parameter (page and socket) that carries the access token. */
export const TOKEN_PARAM = 'token';

/**
 * Largest message a client may send (a whole design fits many times over). The server refuses a longer
 * frame from its header, before buffering or parsing it, and closes that socket with
 * `CLOSE_TOO_LARGE`; the browser transport checks the size first so a call gets a clear error instead.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** WebSocket close codes the server's library sends for a frame it refuses (RFC 6455 §7.4.1). */
export const CLOSE_TOO_LARGE = 1009;
export const CLOSE_INVALID_DATA = 1007;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a call of `bytes` bytes cannot be sent, or null when it fits. */
export function oversizeCallMessage(operation: string, bytes: number): string | null {
  if (bytes <= MAX_MESSAGE_BYTES) return null;
  const what = operation === 'saveProject' || operation === 'writeAutosave' ? 'The design' : 'The request';
  return `${what} is ${megabytes(bytes)}; the server accepts at most ${megabytes(MAX_MESSAGE_BYTES)} per message (${operation}). Shorten long names or descriptions.`;
}

/** What a close code from the server means for the calls in flight on that socket. */
export function closeReason(code: number): string {
  if (code === CLOSE_TOO_LARGE)
    return `The server refused a message larger than ${megabytes(MAX_MESSAGE_BYTES)} and closed the connection`;
  if (code === CLOSE_INVALID_DATA)
    return 'The server refused a message that was not valid UTF-8 and closed the connection';
  return 'Lost the connection to the Quorum backend';
}
