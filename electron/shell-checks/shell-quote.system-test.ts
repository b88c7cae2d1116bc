import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, shellWord } from '../../shared/shell/quote';

const nasty = [
  "it's",
  'a;touch /tmp/x',
  '$(id)',
  '`id`',
  'line\nbreak',
  '"double"',
  '#comment',
  '100%',
  "''",
  '',
  '\\',
];

describe('shellQuote', () => {
  it.each(nasty)('round-trips %j through sh as one word', (text) => {
    const out = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(text)}`], { encoding: 'utf8' });
    expect(out).toBe(text);
  });
});

describe('shellWord', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(shellWord('controller1')).toBe('controller1');
    expect(shellWord('10.0.0.1:6641')).toBe('10.0.0.1:6641');
    expect(shellWord('a b')).toBe(`'a b'`);
    expect(shellWord('')).toBe(`''`);
  });
});
