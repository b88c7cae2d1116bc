/**
 * The host key check of a connection, run by ssh2 before authentication: a key known_hosts lists is
 * trusted; a changed or revoked one is refused; an unknown one is trusted only when the user confirms
 * it (and is then added to known_hosts).
 */
import { SshError, type HostKeyDetails } from './errors';
import { fingerprint, keyType, type KnownHostsFile } from './known-hosts';

/** Asked when a host presents a key the known_hosts file does not list; resolve `true` to trust it. */
export type ConfirmHostKey = (details: HostKeyDetails) => Promise<boolean>;

/** ssh2's `hostVerifier` callback. */
export type HostVerifier = (key: Buffer, verify: (ok: boolean) => void) => void;

/**
 * A host verifier for `target` against `knownHosts`. Without `confirm`, an unknown key is refused. Why a
 * key was refused goes to `refused` (an `SshError` of kind host-key-*, or protocol when the check failed),
 * before ssh2 is told.
 */
export function hostKeyVerifier(
  target: { host: string; port: number },
  knownHosts: KnownHostsFile,
  confirm: ConfirmHostKey | undefined,
  refused: (error: SshError) => void,
): HostVerifier {
  // The callback form on purpose: ssh2 takes any returned value (a Promise too) as "accept".
  return (key, verify) => {
    void (async () => {
      const details: HostKeyDetails = {
        host: target.host,
        port: target.port,
        keyType: keyType(key),
        fingerprint: fingerprint(key),
        key: key.toString('base64'),
      };
      const verdict = await knownHosts.verify(target.host, target.port, key);
      if (verdict.kind === 'trusted') return verify(true);
      if (verdict.kind === 'changed') {
        refused(
          new SshError(
            'host-key-changed',
            `HOST KEY CHANGED for ${target.host}:${target.port}: it presents ${verdict.fingerprint} but known_hosts has ${verdict.knownFingerprints.join(', ')}. Refused before authentication.`,
            { ...details, knownFingerprints: verdict.knownFingerprints },
          ),
        );
        return verify(false);
      }
      if (verdict.kind === 'revoked') {
        refused(
          new SshError(
            'host-key-revoked',
            `the host key of ${target.host}:${target.port} (${verdict.fingerprint}) is revoked`,
            details,
          ),
        );
        return verify(false);
      }
      const accepted = confirm ? await confirm(details) : false;
      if (accepted === true) {
        await knownHosts.trust(target.host, target.port, key);
        return verify(true);
      }
      refused(
        new SshError(
          confirm ? 'host-key-rejected' : 'host-key-unknown',
          `${target.host}:${target.port} is not a known host; its ${details.keyType} key is ${details.fingerprint}`,
          details,
        ),
      );
      verify(false);
    })().catch((error: unknown) => {
      refused(new SshError('protocol', `host key check failed: ${(error as Error).message}`));
      verify(false);
    });
  };
}
