import { describe, expect, it } from 'vitest';
import { CryptoNotice, cryptoFallbackNotice } from './native-crypto';

describe('the pure-JS crypto notice', () => {
  it('is null when the native add-on loaded', () => {
    expect(cryptoFallbackNotice(true, { node: '22.23.3', modules: '127' })).toBeNull();
  });

  it('names the runtime whose ABI the add-on does not match', () => {
    const node = cryptoFallbackNotice(false, { node: '20.20.2', modules: '115' });
    expect(node).toMatch(/pure-JS crypto/);
    expect(node).toContain('Node 20.20.2 (ABI 115)');
    const electron = cryptoFallbackNotice(false, { node: '22.20.0', modules: '140', electron: '45.4.1' });
    expect(electron).toContain('Electron 45.4.1 (Node 22.20.0, ABI 140)');
  });

  it('is logged once however many connections report it, and returned every time', () => {
    const logged: string[] = [];
    const notice = new CryptoNotice('pure-JS', (text) => logged.push(text));
    expect(notice.report()).toBe('pure-JS');
    expect(notice.report()).toBe('pure-JS');
    expect(notice.report()).toBe('pure-JS');
    expect(logged).toEqual(['quorum: pure-JS']);
  });

  it('logs nothing when there is nothing to say', () => {
    const logged: string[] = [];
    const notice = new CryptoNotice(null, (text) => logged.push(text));
    expect(notice.report()).toBeNull();
    expect(logged).toEqual([]);
  });
});
