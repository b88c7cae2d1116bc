import { describe, expect, it } from 'vitest';
import { LinePrefixer } from './line-prefix';

const ESC = String.fromCharCode(27);
const strip = (s: string) => s.split(new RegExp(`${ESC}\\[\\d+m`)).join('');

describe('LinePrefixer', () => {
  it('prefixes each line with its node and closes lines another node interrupts', () => {
    const p = new LinePrefixer();
    const out = [
      p.prefix('a', 'one\ntw'),
      p.prefix('a', 'o\n'),
      p.prefix('b', 'half'),
      p.prefix('a', 'three\n'),
    ];
    expect(strip(out.join(''))).toBe('a │ one\na │ two\nb │ half\na │ three\n');
  });
});
