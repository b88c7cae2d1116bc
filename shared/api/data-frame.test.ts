import { describe, expect, it } from 'vitest';
import { DATA_FRAME, decodeDataFrame, encodeDataFrame, isDataPayload, type Utf8Codec } from './data-frame';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const codec: Utf8Codec = { encode: (t) => encoder.encode(t), decode: (b) => decoder.decode(b) };

describe('data frames', () => {
  it('round-trips a payload with multi-byte text, control characters and quotes', () => {
    const payload = { runId: 'r-1', node: 'Größe-1', data: '\x1b[31m✖ 日本語\x1b[0m\n"a"\\b\u0000' };
    const frame = encodeDataFrame(4_000_000_000, payload, codec);
    expect(frame[0]).toBe(DATA_FRAME);
    expect(decodeDataFrame(frame, codec)).toEqual({ id: 4_000_000_000, payload });
  });

  it('carries the text as its raw UTF-8 bytes after the header', () => {
    const data = 'línea\n';
    const frame = encodeDataFrame(1, { node: 'n', data }, codec);
    const body = encoder.encode(data);
    expect([...frame.subarray(frame.length - body.length)]).toEqual([...body]);
    expect(frame.length).toBe(9 + encoder.encode('{"node":"n"}').length + body.length);
  });

  it('decodes a frame that is a view into a larger buffer', () => {
    const frame = encodeDataFrame(2, { node: 'n', data: 'x' }, codec);
    const big = new Uint8Array(frame.length + 10);
    big.set(frame, 5);
    expect(decodeDataFrame(big.subarray(5, 5 + frame.length), codec).payload.data).toBe('x');
  });

  it('refuses malformed frames', () => {
    const good = encodeDataFrame(1, { node: 'n', data: 'x' }, codec);
    expect(() => decodeDataFrame(good.subarray(0, 5), codec)).toThrow(/not a data frame/);
    const wrongKind = good.slice();
    wrongKind[0] = 9;
    expect(() => decodeDataFrame(wrongKind, codec)).toThrow(/not a data frame/);
    const overrun = good.slice();
    new DataView(overrun.buffer).setUint32(5, 1000);
    expect(() => decodeDataFrame(overrun, codec)).toThrow(/overruns/);
    const notObject = encodeDataFrame(1, { node: 'n', data: 'x' }, codec);
    const arrayHeader = encoder.encode('[1]');
    const bad = new Uint8Array(9 + arrayHeader.length);
    bad.set(notObject.subarray(0, 9));
    new DataView(bad.buffer).setUint32(5, arrayHeader.length);
    bad.set(arrayHeader, 9);
    expect(() => decodeDataFrame(bad, codec)).toThrow(/plain object/);
  });

  it('sends only payloads with a string data field as data frames', () => {
    expect(isDataPayload({ data: 'x', node: 'n' })).toBe(true);
    expect(isDataPayload({ data: 1 })).toBe(false);
    expect(isDataPayload({ run: {} })).toBe(false);
    expect(isDataPayload(null)).toBe(false);
    expect(isDataPayload('data')).toBe(false);
  });
});
