/**
 * The marker cutter on every split of a stream: bytes pass unchanged, the marker comes out wherever the
 * chunks break.
 */
import { describe, expect, it } from 'vitest';
import { MarkerCutter } from './marker-cutter';

/** Feeds `chunks` until the marker is found; returns what passed, the value and what followed. */
function cut(cutter: MarkerCutter, chunks: Buffer[]) {
  const out: Buffer[] = [];
  for (const [i, chunk] of chunks.entries()) {
    const r = cutter.push(chunk);
    out.push(r.out);
    if (r.value !== undefined) {
      return {
        out: Buffer.concat(out),
        value: r.value,
        rest: Buffer.concat([r.rest!, ...chunks.slice(i + 1)]),
      };
    }
  }
  out.push(cutter.flush());
  return { out: Buffer.concat(out), value: undefined, rest: Buffer.alloc(0) };
}

/** Every way to split `text` in three. */
function splits(data: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let a = 0; a <= data.length; a++)
    for (let b = a; b <= data.length; b++)
      out.push([data.subarray(0, a), data.subarray(a, b), data.subarray(b)]);
  return out;
}

describe('MarkerCutter', () => {
  it('finds a marker with a value however the stream is split, and passes every other byte', () => {
    const before = Buffer.from([0, 0x5f, 0x5f, 0xff, 0x0a]); // NUL, "__", a non-UTF-8 byte, newline
    const data = Buffer.concat([before, Buffer.from('__q_end=143:TERM__\nafter')]);
    for (const chunks of splits(data)) {
      const r = cut(new MarkerCutter('__q_end=', '__\n'), chunks);
      expect(r.out).toEqual(before);
      expect(r.value).toBe('143:TERM');
      expect(r.rest.toString()).toBe('after');
    }
  });

  it('passes look-alikes through: a prefix without its value or suffix is output', () => {
    for (const text of ['__q_end=', '__q_end=12', '__q_end=12_', '__q_end=1 2__\n', '__q_end=x__ \n']) {
      for (const chunks of splits(Buffer.from(text))) {
        const r = cut(new MarkerCutter('__q_end=', '__\n'), chunks);
        expect(r.value).toBeUndefined();
        expect(r.out.toString()).toBe(text);
      }
    }
  });

  it('finds a marker after a false start, and a marker without a value', () => {
    const r = cut(new MarkerCutter('__q_end=', '__\n'), [Buffer.from('__q_end=__q_end=0__\n')]);
    expect(r).toMatchObject({ value: '0' });
    expect(r.out.toString()).toBe('__q_end=');
    for (const chunks of splits(Buffer.from('ab__stage__\ncd'))) {
      const s = cut(new MarkerCutter('__stage__\n'), chunks);
      expect(s.value).toBe('');
      expect(s.out.toString() + '|' + s.rest.toString()).toBe('ab|cd');
    }
  });
});
