/**
 * A plan whose nodes are the loopback sshd hosts of a test (`node1`, `node2`, … as root), for the e2e specs
 * that deploy or verify against them. The steps are the spec's own.
 */
import type { SshdLab } from '../../electron/ssh/test-support/sshd-harness';

export function loopbackPlan<S>(lab: SshdLab, designName: string, steps: S[]) {
  return {
    schemaVersion: 1 as const,
    designName,
    release: '2025.1' as const,
    distro: 'debian' as const,
    nodes: lab.hosts.map((h) => ({
      id: h.name,
      hostname: `ctl-${h.name}`,
      address: h.host,
      ssh: { host: h.host, port: h.port, user: 'root' },
    })),
    secrets: [],
    steps,
  };
}
