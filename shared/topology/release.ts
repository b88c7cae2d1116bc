/**
 * Release and distro facts: which features a release has, and where the chosen distro gets its packages.
 * A release that no supported version of the distro ships or backports is refused here, with the reason,
 * so a rule says so before a plan fails on the node.
 */
import { RELEASES, type DistroFamily, type Release } from '../design/schema';

const CODENAMES: Partial<Record<Release, string>> = {
  '2023.1': 'antelope',
  '2023.2': 'bobcat',
  '2024.1': 'caracal',
  '2024.2': 'dalmatian',
  '2025.1': 'epoxy',
  '2025.2': 'flamingo',
  '2026.1': 'gazpacho',
};

/** The release's code name (`2025.1` → `epoxy`; series names are their own). */
export function releaseCodename(release: Release): string {
  return CODENAMES[release] ?? release;
}

/** Position of a release in time (icehouse = 0). */
export function releaseIndex(release: Release): number {
  return RELEASES.indexOf(release);
}

/** True when `release` is `since` or later. */
export function atLeast(release: Release, since: Release): boolean {
  return releaseIndex(release) >= releaseIndex(since);
}

/** Where the OpenStack packages come from. */
export interface PackageSource {
  /**
   * `distro`: the distribution's own archive ships this release; `extrepo`: Debian's extrepo enables the
   * OpenStack backports repository of that release; `rdo`: the CentOS Cloud SIG's RDO release package;
   * `obs`: openSUSE's community Cloud:OpenStack build project of that release (not vendor-supported).
   */
  kind: 'distro' | 'extrepo' | 'rdo' | 'obs';
  /** The operating system version the nodes must run, in words ("Debian 13 (trixie)"). */
  os: string;
  /** The repository name to enable (`openstack_epoxy`, `centos-release-openstack-epoxy`), if any. */
  repository: string | null;
}

/** What the design's release offers and where it comes from. */
export interface ReleaseFacts {
  release: Release;
  codename: string;
  /** Placement: its own service (Stein+), part of nova-api (Ocata–Rocky), or absent (before Ocata). */
  placement: 'service' | 'nova-api' | 'none';
  /** oslo.messaging can declare quorum queues (`rabbit_quorum_queue`, Yoga+). */
  quorumQueues: boolean;
  /** The RabbitMQ the source ships still has classic mirrored queues (removed in RabbitMQ 4.0). */
  classicMirroring: boolean;
  /** Where the packages come from; null when no supported OS version ships or backports this release. */
  source: PackageSource | null;
  /** Why the release cannot be sourced on this distro (null when it can). */
  refusal: string | null;
}

function debianSource(release: Release): PackageSource | string {
  const bookworm = 'Debian 12 (bookworm)';
  const trixie = 'Debian 13 (trixie)';
  if (release === 'zed') return { kind: 'distro', os: bookworm, repository: null };
  if (release === '2025.1') return { kind: 'distro', os: trixie, repository: null };
  if (atLeast(release, '2023.1') && !atLeast(release, '2025.1'))
    return { kind: 'extrepo', os: bookworm, repository: `openstack_${releaseCodename(release)}` };
  if (atLeast(release, '2025.2'))
    return { kind: 'extrepo', os: trixie, repository: `openstack_${releaseCodename(release)}` };
  return `no supported Debian ships or backports OpenStack ${release}: Debian 12 ships Zed and Debian 13 ships 2025.1 (older Debian releases are out of support). Choose zed or later.`;
}

function rhelSource(release: Release): PackageSource | string {
  if (atLeast(release, 'yoga'))
    return {
      kind: 'rdo',
      os: atLeast(release, '2025.2') ? 'CentOS Stream 10 / RHEL 10' : 'CentOS Stream 9 / RHEL 9',
      repository: `centos-release-openstack-${releaseCodename(release)}`,
    };
  return `RDO builds OpenStack ${release} only for CentOS 8 or older, which are out of support. Choose yoga or later.`;
}

function suseSource(release: Release): PackageSource | string {
  if (atLeast(release, 'train')) {
    const name = releaseCodename(release);
    return {
      kind: 'obs',
      os: 'openSUSE Leap 15',
      repository: `Cloud:OpenStack:${name[0]!.toUpperCase()}${name.slice(1)}`,
    };
  }
  return `SUSE OpenStack Cloud, the vendor's product for ${release}, is out of support and openSUSE has no build of it for a supported Leap. Choose train or later.`;
}

/** Release facts for a release on a distro family. */
export function releaseFacts(release: Release, family: DistroFamily): ReleaseFacts {
  const found =
    family === 'debian'
      ? debianSource(release)
      : family === 'rhel'
        ? rhelSource(release)
        : suseSource(release);
  const source = typeof found === 'string' ? null : found;
  return {
    release,
    codename: releaseCodename(release),
    placement: atLeast(release, 'stein') ? 'service' : atLeast(release, 'ocata') ? 'nova-api' : 'none',
    quorumQueues: atLeast(release, 'yoga'),
    // Debian 13 ships RabbitMQ 4.0, which removed classic mirrored queues.
    classicMirroring: !source?.os.startsWith('Debian 13'),
    source,
    refusal: typeof found === 'string' ? found : null,
  };
}
