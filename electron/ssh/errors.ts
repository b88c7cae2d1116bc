/**
 * Why a connection failed, in words a user can act on. Every failure of `SshConnection.connect` is one of
 * these, never a raw ssh2 error.
 */
export type SshErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'host-key-unknown'
  | 'host-key-rejected'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'auth-failed'
  | 'key-file'
  | 'jump-host'
  | 'connection-lost'
  | 'protocol';

export interface HostKeyDetails {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  /** Base64 key blob (to trust it after the user's accept). */
  key: string;
  /** For a changed key: the fingerprints on record. */
  knownFingerprints?: string[];
}

export class SshError extends Error {
  constructor(
    readonly kind: SshErrorKind,
    message: string,
    readonly hostKey?: HostKeyDetails,
  ) {
    super(message);
    this.name = 'SshError';
  }
}

/** The fix to suggest for each kind of failure (the preflight table shows it). */
export function suggestedFix(kind: SshErrorKind): string {
  switch (kind) {
    case 'unreachable':
      return 'Check the address and port, that sshd runs on the node and that no firewall blocks it.';
    case 'timeout':
      return 'The node accepted TCP but did not complete SSH in time: check sshd and the network path.';
    case 'host-key-unknown':
      return "Compare the fingerprint with the node's (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then accept it.";
    case 'host-key-rejected':
      return 'The host key was not accepted: accept it after checking its fingerprint.';
    case 'host-key-changed':
      return 'The node presents a different key than on record: if it was reinstalled, remove the old entry; otherwise suspect an attack.';
    case 'host-key-revoked':
      return 'The key is marked @revoked in known_hosts: give the node a new host key.';
    case 'auth-failed':
      return "Check the user name and credentials (key, passphrase, password or agent) and the node's authorized_keys.";
    case 'key-file':
      return 'Check the key file path and its passphrase.';
    case 'jump-host':
      return 'Check the jump host (ProxyJump): it must be reachable and allow TCP forwarding.';
    case 'connection-lost':
      return 'The connection dropped: check the node and the network, then retry.';
    case 'protocol':
      return 'The SSH handshake failed: check that the port runs an SSH server.';
  }
}
