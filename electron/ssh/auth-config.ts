/**
 * A node's login credentials, and what ssh2 is given of them.
 */
import { readFile } from 'node:fs/promises';
import type { ConnectConfig } from 'ssh2';
import { SshError } from './errors';

/** How to log in. Several may be set; ssh2 tries key, agent, then password. */
export interface SshCredentials {
  /** Path of a private key file. */
  identityFile?: string;
  /** Key material (instead of a file). */
  privateKey?: Buffer | string;
  passphrase?: string;
  password?: string;
  /** ssh-agent socket (`SSH_AUTH_SOCK`). */
  agent?: string;
  /** sudo's password for a non-root user (often the login password). */
  sudoPassword?: string;
}

/** ssh2's authentication settings for `credentials` (the key file read). Rejects with a key-file `SshError`. */
export async function authConfig(credentials: SshCredentials): Promise<Partial<ConnectConfig>> {
  const c = credentials;
  const config: Partial<ConnectConfig> = {};
  let key = c.privateKey;
  if (c.identityFile) {
    try {
      key = await readFile(c.identityFile);
    } catch (error) {
      throw new SshError('key-file', `cannot read key file ${c.identityFile}: ${(error as Error).message}`);
    }
  }
  if (key) {
    config.privateKey = key;
    if (c.passphrase !== undefined) config.passphrase = c.passphrase;
  }
  if (c.agent) config.agent = c.agent;
  if (c.password !== undefined) config.password = c.password;
  return config;
}

/** The methods `credentials` let ssh2 try, for an authentication error ("key, password" or "none"). */
export function authMethods(credentials: SshCredentials): string {
  const c = credentials;
  const names = [
    c.identityFile || c.privateKey ? 'key' : '',
    c.agent ? 'agent' : '',
    c.password !== undefined ? 'password' : '',
  ];
  return names.filter(Boolean).join(', ') || 'none';
}
