/**
 * The project secret store: one folder per design, mode 0600, encrypted when a keyring backs the vault.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecrets, projectSecretsDir, saveSecrets } from './secret-store';

const work = mkdtempSync(join(tmpdir(), 'quorum-secret-store-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A FAKE vault: Electron's safeStorage cannot run here (no Electron binary); XOR stands in for it. */
const fakeVault = (keyring: boolean) => ({
  keyringAvailable: () => keyring,
  encrypt: (text: string) => Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a)),
  decrypt: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString(),
});

describe('secret store', () => {
  it('gives each design name its own folder, even names that slug alike', () => {
    const a = projectSecretsDir(work, 'Cloud A');
    expect(a).toMatch(/secrets\/cloud-a-[0-9a-f]{10}$/);
    expect(projectSecretsDir(work, 'cloud a')).not.toBe(a);
    expect(projectSecretsDir(work, 'Cloud A')).toBe(a);
  });

  it('round-trips as JSON readable only by the user, and nothing when there is no file', async () => {
    const dir = join(work, 'plain');
    expect((await loadSecrets(dir, undefined)).size).toBe(0);
    saveSecrets(dir, new Map([['db', 'pw-1']]), undefined);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(await loadSecrets(dir, undefined)).toEqual(new Map([['db', 'pw-1']]));
  });

  it('encrypts with a keyring-backed vault and removes the older plain copy', async () => {
    const dir = join(work, 'vault');
    saveSecrets(dir, new Map([['db', 'pw-plain']]), fakeVault(false));
    expect(existsSync(join(dir, 'secrets.json'))).toBe(true);
    saveSecrets(dir, new Map([['db', 'pw-enc']]), fakeVault(true));
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
    expect(readFileSync(join(dir, 'secrets.enc')).toString()).not.toContain('pw-enc');
    expect(await loadSecrets(dir, fakeVault(true))).toEqual(new Map([['db', 'pw-enc']]));
    await expect(loadSecrets(dir, undefined)).rejects.toThrow(/secrets\.enc is encrypted/);
  });

  it('names the file when it is damaged', async () => {
    const dir = join(work, 'damaged');
    saveSecrets(dir, new Map(), undefined);
    writeFileSync(join(dir, 'secrets.json'), '{"db": 42}');
    await expect(loadSecrets(dir, undefined)).rejects.toThrow(/damaged\/secrets\.json is not a map/);
    writeFileSync(join(dir, 'secrets.json'), '{"db": ');
    await expect(loadSecrets(dir, undefined)).rejects.toThrow(/secrets\.json is not valid JSON/);
  });
});
