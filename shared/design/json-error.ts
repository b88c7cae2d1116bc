/**
 * Where JSON text first breaks. `JSON.parse`'s message gives a position only for some errors (and its
 * wording differs between engines), so a small scanner finds the offset itself.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

class Stop extends Error {
  constructor(readonly offset: number) {
    super('json syntax');
  }
}

/** The offset of the first syntax error in `text`, or null when it is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
  };
  const expect = (literal: string) => {
    for (const ch of literal) {
      if (text[i] !== ch) throw new Stop(i);
      i++;
    }
  };
  const string = () => {
    expect('"');
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '"') return void i++;
      if (ch < ' ') throw new Stop(i);
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else throw new Stop(i);
      } else i++;
    }
    throw new Stop(i);
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) throw new Stop(i);
    i += match[0].length;
  };
  const value = (): void => {
    skip();
    const ch = text[i];
    if (ch === '{') {
      i++;
      skip();
      if (text[i] === '}') return void i++;
      for (;;) {
        skip();
        string();
        skip();
        expect(':');
        value();
        skip();
        if (text[i] === ',') i++;
        else return expect('}');
      }
    }
    if (ch === '[') {
      i++;
      skip();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        skip();
        if (text[i] === ',') i++;
        else return expect(']');
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return expect('true');
    if (ch === 'f') return expect('false');
    if (ch === 'n') return expect('null');
    return number();
  };
  try {
    value();
    skip();
    return i < text.length ? i : null;
  } catch (error) {
    if (error instanceof Stop) return error.offset;
    throw error;
  }
}

/** 1-based line and column of an offset. */
export function lineAndColumnAt(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
