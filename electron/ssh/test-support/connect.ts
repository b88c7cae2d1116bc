/**
 * Helpers for tests that connect to the harness's hosts with Quorum's own SSH code.
 */
import { join } from 'node:path';
import { KnownHostsFile } from '../known-hosts';
import { SshConnection, type ConnectionOptions, type SshCredentials } from '../connection';
import type { SshdHost, SshdLab } from './sshd-harness';

let counter = 0;

/** A known_hosts file in the lab folder that trusts every host of the lab (pre-provisioned). */
export async function trustedKnownHosts(lab: SshdLab): Promise<KnownHostsFile> {
  const file = new KnownHostsFile(join(lab.dir, `known_hosts_${++counter}`));
  await file.addLines(lab.knownHostsLines());
  return file;
}

/** Connects to a lab host as root with the lab's key (or the given overrides). */
export async function connectTo(
  lab: SshdLab,
  host: SshdHost,
  overrides: Partial<ConnectionOptions> & { credentials?: SshCredentials } = {},
): Promise<SshConnection> {
  const connection = new SshConnection({
    target: { host: host.host, port: host.port, user: 'root' },
    credentials: { identityFile: lab.clientKeyFile },
    knownHosts: overrides.knownHosts ?? (await trustedKnownHosts(lab)),
    keepaliveIntervalMs: 500,
    keepaliveCountMax: 3,
    readyTimeoutMs: 5000,
    ...overrides,
  });
  await connection.connect();
  return connection;
}
