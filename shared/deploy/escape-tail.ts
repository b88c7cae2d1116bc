/**
 * Where terminal output may be cut so that something can be put in between without landing inside an
 * escape sequence. Output batches are cut anywhere (by time and size), so a batch can end halfway
 * through `ESC [ 3 1 m`; whoever inserts sequences of their own between batches must first hold back
 * such an unfinished tail and send it with what follows.
 */

const BEL = 0x07;

/** Introducers of a string sequence (OSC, DCS, SOS, PM, APC): it runs to BEL or to ST (`ESC \`). */
const STRING_INTRODUCERS = new Set([']', 'P', 'X', '^', '_']);
/** ESC followed by one of these takes one more character (charset designation, DEC line modes…). */
const TWO_CHARACTER = new Set(['(', ')', '*', '+', '-', '.', '/', '#', '%', ' ']);

/**
 * The index at which `text` ends in an unfinished escape sequence (from its ESC to the end), or
 * `text.length` when it does not: `text.slice(0, i)` can be followed by other sequences safely.
 */
export function unfinishedEscapeStart(text: string): number {
  const start = text.lastIndexOf('\x1b');
  if (start < 0) return text.length;
  if (start === text.length - 1) return start;
  const kind = text[start + 1]!;
  if (kind === '[') {
    // CSI: parameter bytes 0x30–0x3F and intermediates 0x20–0x2F, then one final byte 0x40–0x7E.
    for (let i = start + 2; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code > 0x3f) return text.length;
    }
    return start;
  }
  if (STRING_INTRODUCERS.has(kind)) {
    // Its ST would be `ESC \`, whose ESC would be the last one: here only BEL can have ended it.
    for (let i = start + 2; i < text.length; i++) if (text.charCodeAt(i) === BEL) return text.length;
    return start;
  }
  if (TWO_CHARACTER.has(kind)) return text.length - start >= 3 ? text.length : start;
  return text.length;
}
