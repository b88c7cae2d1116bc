import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashHostName, KnownHostsFile, parseKnownHosts, patternsMatch, verifyHostKey } from './known-hosts';
import { createBackend } from '../api/backend';

function newKey(dir: string, name: string): { line: string; blob: Buffer } {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
  const line = readFileSync(join(dir, `${name}.pub`), 'utf8').trim();
  return { line, blob: Buffer.from(line.split(' ')[1]!, 'base64') };
}

describe('known_hosts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-kh-'));
  const a = newKey(dir, 'a');
  const b = newKey(dir, 'b');
  const keyPart = (k: { line: string }) => k.line.split(' ').slice(0, 2).join(' ');

  it('reads entries hashed by ssh-keygen -H, including [host]:port', () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `[10.0.0.5]:2222 ${keyPart(a)}\nnode1 ${keyPart(b)}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    expect(entries.every((e) => e.patterns.startsWith('|1|'))).toBe(true);
    expect(verifyHostKey(entries, '10.0.0.5', 2222, a.blob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'node1', 22, b.blob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, '10.0.0.5', 22, a.blob).kind).toBe('unknown');
    expect(verifyHostKey(entries, '10.0.0.5', 2222, b.blob).kind).toBe('changed');
  });

  it('understands wildcards, negation and comma lists', () => {
    expect(patternsMatch('*.lab,!db.lab', 'web.lab')).toBe(true);
    expect(patternsMatch('*.lab,!db.lab', 'db.lab')).toBe(false);
    expect(patternsMatch('node?', 'node7')).toBe(true);
    expect(patternsMatch('[10.0.0.5]:2222', '[10.0.0.5]:2222')).toBe(true);
    expect(patternsMatch(hashHostName('[h]:22022'), '[h]:22022')).toBe(true);
    expect(patternsMatch(hashHostName('[h]:22022'), 'h')).toBe(false);
  });

  it('refuses a key marked @revoked even when listed as known', () => {
    const entries = parseKnownHosts(`node1 ${keyPart(a)}\n@revoked * ${keyPart(a)}\n`);
    expect(verifyHostKey(entries, 'node1', 22, a.blob).kind).toBe('revoked');
  });
});

describe('trusting a host key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-kh-trust-'));
  const a = newKey(dir, 'a');
  const b = newKey(dir, 'b');

  it('the backend trusts a new key once, and refuses a CHANGED key, leaving the file as it was', async () => {
    const backend = createBackend(
      { dataDir: join(dir, 'data'), projectsDir: join(dir, 'projects') },
      { host: 'web', version: 't' },
    );
    const call = (key: Buffer) =>
      backend.dispatcher.invoke(
        'deployTrustHostKey',
        { host: '10.0.0.5', port: 22, key: key.toString('base64') },
        { client: 'test' },
      );
    const file = backend.deploy.knownHosts;
    expect(await call(a.blob)).toEqual({ ok: true, value: {} });
    expect(await file.verify('10.0.0.5', 22, a.blob)).toEqual({ kind: 'trusted' });
    const before = readFileSync(file.path, 'utf8');
    expect(await call(a.blob)).toEqual({ ok: true, value: {} });
    expect(readFileSync(file.path, 'utf8')).toBe(before);

    const changed = await call(b.blob);
    expect(changed).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    if (changed.ok) return;
    expect(changed.error.message).toMatch(/^HOST KEY CHANGED for 10\.0\.0\.5: it presents SHA256:/);
    expect(readFileSync(file.path, 'utf8')).toBe(before);
    expect((await file.verify('10.0.0.5', 22, b.blob)).kind).toBe('changed');
  });

  it('refuses a revoked key', async () => {
    const file = new KnownHostsFile(join(dir, 'revoked_hosts'));
    writeFileSync(file.path, `@revoked * ${a.line.split(' ').slice(0, 2).join(' ')}\n`);
    await expect(file.trust('node9', 22, a.blob)).rejects.toThrow(/is revoked/);
    expect(readFileSync(file.path, 'utf8').split('\n')).toHaveLength(2);
  });
});
