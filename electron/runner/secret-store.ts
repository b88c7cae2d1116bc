/**
 * Where a project's generated secrets (database and service passwords, Erlang cookie, Corosync authkey…)
 * live between runs. They are the cloud's own credentials: once a node has been configured with one, every
 * later run, a resume after a crash and the runbook must use the same value, so they cannot be generated
 * again per session.
 *
 * One file per design under `<dataDir>/secrets/`, written atomically with mode 0600 (as Kolla keeps its
 * `passwords.yml`), encrypted with the host's vault (Electron's safeStorage) when an OS keyring backs it.
 * Each run also keeps a copy of the values it used in its own folder, so a resumed run fills its steps
 * with exactly those, even if the project's file was changed or removed meanwhile.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-write';
import type { CredentialVault } from './credential-vault';

const ENCRYPTED = 'secrets.enc';
const PLAIN = 'secrets.json';

const SecretsFile = z.record(z.string(), z.string());

/** The folder holding one design's secrets: a readable slug plus a hash, so distinct names never collide. */
export function projectSecretsDir(dataDir: string, designName: string): string {
  const slug =
    designName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'design';
  const hash = createHash('sha256').update(designName).digest('hex').slice(0, 10);
  return join(dataDir, 'secrets', `${slug}-${hash}`);
}

/** Reads the secrets kept in `dir` (empty when there are none); a damaged file is an error naming it. */
export async function loadSecrets(
  dir: string,
  vault: CredentialVault | undefined,
): Promise<Map<string, string>> {
  const encrypted = join(dir, ENCRYPTED);
  const plain = join(dir, PLAIN);
  let text: string;
  let file: string;
  if (existsSync(encrypted)) {
    if (!vault) throw new Error(`${encrypted} is encrypted, and this host has no keyring to read it`);
    file = encrypted;
    text = vault.decrypt(await readFile(encrypted));
  } else if (existsSync(plain)) {
    file = plain;
    text = await readFile(plain, 'utf8');
  } else {
    return new Map();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const checked = SecretsFile.safeParse(parsed);
  if (!checked.success) throw new Error(`${file} is not a map of secret names to values`);
  return new Map(Object.entries(checked.data));
}

/**
 * Writes `secrets` into `dir` atomically (mode 0600): encrypted when the vault is backed by a keyring,
 * otherwise as JSON readable only by this user. The other form, if present, is replaced.
 */
export function saveSecrets(
  dir: string,
  secrets: ReadonlyMap<string, string>,
  vault: CredentialVault | undefined,
): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const text = JSON.stringify(Object.fromEntries(secrets), null, 2);
  const encrypt = vault?.keyringAvailable() ?? false;
  if (encrypt) writeFileAtomic(join(dir, ENCRYPTED), vault!.encrypt(text), { mode: 0o600 });
  else writeFileAtomic(join(dir, PLAIN), text, { mode: 0o600 });
  // Never leave the other (older) form behind: a plain copy next to an encrypted one defeats it.
  rmSync(join(dir, encrypt ? PLAIN : ENCRYPTED), { force: true });
}
