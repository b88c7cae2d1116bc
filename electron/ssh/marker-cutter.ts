/**
 * Cuts one marker out of a byte stream, even when the stream delivers it split across chunks. A marker
 * is `prefix` alone, or `prefix VALUE suffix` with a short value (digits, letters, `:`): the remote side
 * prints it between the bytes of a command's own output, and the handle must pass every other byte on
 * exactly as it came (binary too), holding back only a tail that could still become the marker.
 */

/** Most characters a value may have (an exit status and a signal name fit easily). */
const VALUE_LIMIT = 32;

const isValueByte = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) || // 0-9
  (byte >= 0x41 && byte <= 0x5a) || // A-Z
  (byte >= 0x61 && byte <= 0x7a) || // a-z
  byte === 0x3a; // ':'

/** What one chunk gave: bytes to pass on, and, once the marker is complete, its value and what follows. */
export interface CutResult {
  /** Bytes before the marker (or all that cannot be part of it), in order. */
  out: Buffer;
  /** Set once the marker was found: its value ('' for a marker without one). */
  value?: string;
  /** Bytes after the marker in the same chunk (only with `value`). */
  rest?: Buffer;
}

const EMPTY = Buffer.alloc(0);

export class MarkerCutter {
  private held: Buffer = EMPTY;
  private readonly prefix: Buffer;
  private readonly suffix: Buffer | null;

  /** With `suffix` null, the marker is `prefix` alone; else `prefix VALUE suffix`. */
  constructor(prefix: string, suffix: string | null = null) {
    this.prefix = Buffer.from(prefix, 'latin1');
    this.suffix = suffix === null ? null : Buffer.from(suffix, 'latin1');
  }

  /** Feeds a chunk; after the marker was found, do not feed this cutter again. */
  push(chunk: Buffer): CutResult {
    const buf = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = EMPTY;
    let from = 0;
    for (;;) {
      const at = buf.indexOf(this.prefix, from);
      if (at < 0) break;
      const match = this.matchAt(buf, at);
      if (match === 'more') {
        this.held = buf.subarray(at);
        return { out: buf.subarray(0, at) };
      }
      if (match) {
        return { out: buf.subarray(0, at), value: match.value, rest: buf.subarray(match.end) };
      }
      from = at + 1;
    }
    const keep = this.partialTail(buf);
    this.held = keep > 0 ? Buffer.from(buf.subarray(buf.length - keep)) : EMPTY;
    return { out: buf.subarray(0, buf.length - keep) };
  }

  /** The bytes held back (the stream ended: they were not a marker after all). */
  flush(): Buffer {
    const held = this.held;
    this.held = EMPTY;
    return held;
  }

  /** Whether a marker starts at `at`: its value and end, 'more' when the chunk ends too soon, or null. */
  private matchAt(buf: Buffer, at: number): { value: string; end: number } | 'more' | null {
    const start = at + this.prefix.length;
    if (!this.suffix) return { value: '', end: start };
    let i = start;
    while (i < buf.length && i - start <= VALUE_LIMIT && isValueByte(buf[i]!)) i += 1;
    if (i - start > VALUE_LIMIT) return null;
    const tail = buf.subarray(i, i + this.suffix.length);
    if (!this.suffix.subarray(0, tail.length).equals(tail)) return null;
    if (tail.length < this.suffix.length) return 'more';
    return { value: buf.subarray(start, i).toString('latin1'), end: i + this.suffix.length };
  }

  /** Length of the longest tail of `buf` that is a proper beginning of the prefix. */
  private partialTail(buf: Buffer): number {
    for (let keep = Math.min(this.prefix.length - 1, buf.length); keep > 0; keep--) {
      if (buf.subarray(buf.length - keep).equals(this.prefix.subarray(0, keep))) return keep;
    }
    return 0;
  }
}
