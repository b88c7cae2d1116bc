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
/** Query parameter (page and socket) and cookie name that carry the access token. */
export const TOKEN_PARAM = 'token';
