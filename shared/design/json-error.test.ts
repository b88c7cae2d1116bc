import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineAndColumnAt } from './json-error';

describe('jsonErrorOffset', () => {
  it.each([
    ['{}', null],
    ['[1, -2.5e3, "a\\u00e9", true, false, null, {"k": []}]', null],
    ['  {"a": 1}  ', null],
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{"a": 01}', 7],
    ['{"a": "x', 8],
    ['{"a": 1} x', 9],
    ['', 0],
    ['{"a": tru}', 9],
    ['{"a\\q": 1}', 3],
  ])('%j → %s', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
    // The scanner and JSON.parse agree on validity.
    expect(offset === null).toBe(
      (() => {
        try {
          JSON.parse(text);
          return true;
        } catch {
          return false;
        }
      })(),
    );
  });

  it('gives 1-based line and column', () => {
    expect(lineAndColumnAt('{\n  "a": }', 9)).toEqual({ line: 2, column: 8 });
  });
});
