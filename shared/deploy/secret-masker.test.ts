import { describe, expect, it } from 'vitest';
import { SECRET_MASK, SecretMasker, maskSecrets } from './secret-masker';

function run(secrets: string[], chunks: string[]): string {
  const masker = new SecretMasker(secrets);
  return chunks.map((c) => masker.push(c)).join('') + masker.flush();
}

describe('SecretMasker', () => {
  it.each([
    ['whole secret in one chunk', ['pw is hunter22!'], `pw is ${SECRET_MASK}!`],
    ['split across two chunks', ['pw is hunt', 'er22!'], `pw is ${SECRET_MASK}!`],
    ['split across many chunks', ['h', 'u', 'n', 't', 'e', 'r', '2', '2'], SECRET_MASK],
    ['prefix that never completes', ['hunt', 'ing'], 'hunting'],
    ['prefix at the very end', ['say hunter2'], 'say hunter2'],
    ['twice, overlapping chunks', ['hunter22 and hun', 'ter22'], `${SECRET_MASK} and ${SECRET_MASK}`],
  ])('%s', (_, chunks, expected) => {
    expect(run(['hunter22'], chunks)).toBe(expected);
  });

  it('masks the longer of two overlapping secrets whole', () => {
    expect(run(['abcd', 'abcdefgh'], ['xx abcdef', 'gh yy abcd'])).toBe(
      `xx ${SECRET_MASK} yy ${SECRET_MASK}`,
    );
  });

  it('never emits the start of a secret that straddles a held-back prefix of another', () => {
    expect(run(['abcd', 'cdzz'], ['xx abcdz', 'y'])).toBe(`xx ${SECRET_MASK}zy`);
  });

  it('holds back only what could still become a secret', () => {
    const masker = new SecretMasker(['s3cret-value']);
    expect(masker.push('line one\nline two s3c')).toBe('line one\nline two ');
    expect(masker.holding).toBe(true);
    expect(masker.push('ond\n')).toBe('s3cond\n');
    expect(masker.holding).toBe(false);
  });

  it('masks one-off texts', () => {
    expect(maskSecrets('a=xyz1 b=xyz1', ['xyz1'])).toBe(`a=${SECRET_MASK} b=${SECRET_MASK}`);
  });
});
