/**
 * Where remembered credentials live. The Electron host encrypts them with the OS keyring (safeStorage);
 * the browser host has no vault, so credentials stay in memory only. Never in the design file.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write';

/** Encryption provided by the host (Electron's safeStorage). */
export interface CredentialVault {
  /** Whether encryption is backed by a real OS keyring, not a plain-text fallback. */
  keyringAvailable(): boolean;
  encrypt(text: string): Buffer;
  decrypt(data: Buffer): string;
}

/** The encrypted credentials file in the data folder. */
export function credentialsFile(dataDir: string): string {
  return join(dataDir, 'credentials.enc');
}

/** Reads remembered credentials (an empty list when there are none). */
export async function loadCredentials(vault: CredentialVault, dataDir: string): Promise<unknown[]> {
  const file = credentialsFile(dataDir);
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(vault.decrypt(await readFile(file)));
  return Array.isArray(parsed) ? parsed : [];
}

/** Writes remembered credentials, encrypted, atomically. */
export async function saveCredentials(
  vault: CredentialVault,
  dataDir: string,
  list: unknown[],
): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  writeFileAtomic(credentialsFile(dataDir), vault.encrypt(JSON.stringify(list)), { mode: 0o600 });
}
