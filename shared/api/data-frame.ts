/**
 * Binary WebSocket frames for events that carry bulk text in a `data` field (deploy output, shell
 * output): a small JSON header with the other fields, then the text as raw UTF-8. JSON would escape every
 * control character (terminal output is full of ESC) and make both ends copy the text twice more.
 *
 *   byte 0       frame kind (DATA_FRAME)
 *   bytes 1–4    subscription id (uint32, big-endian)
 *   bytes 5–8    header length H (uint32, big-endian)
 *   bytes 9–9+H  header: the payload without `data`, as UTF-8 JSON (an object)
 *   the rest     `data` as UTF-8
 *
 * The text codec is passed in (Node's Buffer on the server, TextEncoder/TextDecoder in the page), so
 * this module stays free of host APIs.
 */

/** The only frame kind so far; other values are refused (room for more kinds later). */
export const DATA_FRAME = 1;

const PREFIX_BYTES = 9;

/** UTF-8 both ways; `decode` must not be given a split character (senders never split one). */
export interface Utf8Codec {
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
}

/** An event payload whose `data` travels raw. */
export type DataPayload = { data: string } & Record<string, unknown>;

/** Whether a payload is sent as a data frame: a plain object with a string `data` field. */
export function isDataPayload(payload: unknown): payload is DataPayload {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload) &&
    typeof (payload as { data?: unknown }).data === 'string'
  );
}

/** Encodes an event for subscription `id` as one binary frame. */
export function encodeDataFrame(id: number, payload: DataPayload, codec: Utf8Codec): Uint8Array {
  const { data, ...rest } = payload;
  const header = codec.encode(JSON.stringify(rest));
  const body = codec.encode(data);
  const frame = new Uint8Array(PREFIX_BYTES + header.length + body.length);
  const view = new DataView(frame.buffer);
  frame[0] = DATA_FRAME;
  view.setUint32(1, id);
  view.setUint32(5, header.length);
  frame.set(header, PREFIX_BYTES);
  frame.set(body, PREFIX_BYTES + header.length);
  return frame;
}

/** Decodes a data frame; throws on anything malformed (the caller drops it and says so). */
export function decodeDataFrame(frame: Uint8Array, codec: Utf8Codec): { id: number; payload: DataPayload } {
  if (frame.length < PREFIX_BYTES || frame[0] !== DATA_FRAME) throw new Error('not a data frame');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const id = view.getUint32(1);
  const headerLength = view.getUint32(5);
  if (PREFIX_BYTES + headerLength > frame.length) throw new Error('data frame header overruns the frame');
  const header: unknown = JSON.parse(codec.decode(frame.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)));
  if (typeof header !== 'object' || header === null || Array.isArray(header) || 'data' in header) {
    throw new Error('data frame header is not a plain object');
  }
  const data = codec.decode(frame.subarray(PREFIX_BYTES + headerLength));
  return { id, payload: { ...(header as Record<string, unknown>), data } };
}
