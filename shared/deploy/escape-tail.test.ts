import { describe, expect, it } from 'vitest';
import { unfinishedEscapeStart } from './escape-tail';

describe('unfinishedEscapeStart', () => {
  it('finds a CSI, an OSC and a charset designation cut short', () => {
    expect(unfinishedEscapeStart('ok \x1b[3')).toBe(3);
    expect(unfinishedEscapeStart('ok \x1b[')).toBe(3);
    expect(unfinishedEscapeStart('ok \x1b')).toBe(3);
    expect(unfinishedEscapeStart('a\x1b]8;;http://x')).toBe(1);
    expect(unfinishedEscapeStart('a\x1b(')).toBe(1);
  });

  it('passes finished sequences and plain text', () => {
    for (const text of [
      'plain',
      'a\x1b[31mred',
      'a\x1b[0m',
      'a\x1b]0;title\x07b',
      'a\x1b]8;;u\x1b\\b',
      'a\x1b(Bb',
      'a\x1bM',
    ]) {
      expect(unfinishedEscapeStart(text)).toBe(text.length);
    }
  });
});
