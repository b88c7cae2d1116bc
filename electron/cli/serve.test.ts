import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireDataLock } from '../store/data-lock';
import { main } from './index';

afterEach(() => vi.restoreAllMocks());

describe('quorum serve', () => {
  it('refuses a data folder another Quorum process holds, naming it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'quorum-serve-')), 'data');
    const lock = acquireDataLock(dataDir, 'the Quorum app');
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((text: string) => void errors.push(text));
    try {
      expect(await main(['serve', '--data-dir', dataDir])).toBe(1);
    } finally {
      lock.release();
    }
    expect(errors.join('\n')).toMatch(
      new RegExp(`^quorum: the data folder ${dataDir} is in use by the Quorum app \\(pid ${process.pid} `),
    );
  });
});
