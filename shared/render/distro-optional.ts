/**
 * Distribution differences of the optional systems (Swift, Octavia, telemetry, Graphite, log collection),
 * kept beside distro.ts so the core profile stays small. Resolved once per compile like the core profile.
 */
import type { DistroFamily } from '../design/schema';

/** Packages and units of the optional systems for one distro family. */
export interface OptionalProfile {
  swift: {
    storagePackages: string[];
    proxyPackages: string[];
    /** Prefix of the storage/proxy unit names (`swift-` on Debian, `openstack-swift-` on RPM distros). */
    unitPrefix: string;
    /** The rsync daemon's unit. */
    rsyncService: string;
  };
  octavia: { packages: string[]; services: string[] };
  telemetry: {
    controllerPackages: string[];
    controllerServices: string[];
    computePackages: string[];
    computeService: string;
    gnocchiPackages: string[];
    gnocchiServices: string[];
  };
  graphite: { packages: string[]; carbonService: string };
  collectd: { packages: string[]; configPath: string };
  rsyslog: { packages: string[]; service: string };
}

const DEBIAN: OptionalProfile = {
  swift: {
    storagePackages: ['swift', 'swift-account', 'swift-container', 'swift-object', 'xfsprogs', 'rsync'],
    proxyPackages: ['swift', 'swift-proxy', 'python3-swiftclient', 'python3-keystonemiddleware', 'rsync'],
    unitPrefix: 'swift-',
    rsyncService: 'rsync',
  },
  octavia: {
    packages: [
      'octavia-api',
      'octavia-health-manager',
      'octavia-housekeeping',
      'octavia-worker',
      'python3-octaviaclient',
    ],
    services: ['octavia-api', 'octavia-health-manager', 'octavia-housekeeping', 'octavia-worker'],
  },
  telemetry: {
    controllerPackages: ['ceilometer-agent-central', 'ceilometer-agent-notification'],
    controllerServices: ['ceilometer-agent-central', 'ceilometer-agent-notification'],
    computePackages: ['ceilometer-agent-compute'],
    computeService: 'ceilometer-agent-compute',
    gnocchiPackages: ['gnocchi-api', 'gnocchi-metricd', 'python3-gnocchiclient'],
    gnocchiServices: ['gnocchi-api', 'gnocchi-metricd'],
  },
  graphite: { packages: ['graphite-carbon', 'graphite-web'], carbonService: 'carbon-cache' },
  collectd: { packages: ['collectd-core'], configPath: '/etc/collectd/collectd.conf' },
  rsyslog: { packages: ['rsyslog'], service: 'rsyslog' },
};

const RHEL: OptionalProfile = {
  swift: {
    storagePackages: [
      'openstack-swift-account',
      'openstack-swift-container',
      'openstack-swift-object',
      'xfsprogs',
      'rsync-daemon',
    ],
    proxyPackages: [
      'openstack-swift-proxy',
      'python3-swiftclient',
      'python3-keystonemiddleware',
      'rsync-daemon',
    ],
    unitPrefix: 'openstack-swift-',
    rsyncService: 'rsyncd',
  },
  octavia: {
    packages: [
      'openstack-octavia-api',
      'openstack-octavia-health-manager',
      'openstack-octavia-housekeeping',
      'openstack-octavia-worker',
      'python3-octaviaclient',
    ],
    services: ['octavia-api', 'octavia-health-manager', 'octavia-housekeeping', 'octavia-worker'],
  },
  telemetry: {
    controllerPackages: ['openstack-ceilometer-central', 'openstack-ceilometer-notification'],
    controllerServices: ['openstack-ceilometer-central', 'openstack-ceilometer-notification'],
    computePackages: ['openstack-ceilometer-compute'],
    computeService: 'openstack-ceilometer-compute',
    gnocchiPackages: ['openstack-gnocchi-api', 'openstack-gnocchi-metricd', 'python3-gnocchiclient'],
    gnocchiServices: ['openstack-gnocchi-api', 'openstack-gnocchi-metricd'],
  },
  graphite: { packages: ['python3-carbon', 'graphite-web'], carbonService: 'carbon-cache' },
  collectd: { packages: ['collectd'], configPath: '/etc/collectd.conf' },
  rsyslog: { packages: ['rsyslog'], service: 'rsyslog' },
};

const SUSE: OptionalProfile = {
  swift: {
    storagePackages: [
      'openstack-swift-account',
      'openstack-swift-container',
      'openstack-swift-object',
      'xfsprogs',
      'rsync',
    ],
    proxyPackages: ['openstack-swift-proxy', 'python3-swiftclient', 'python3-keystonemiddleware', 'rsync'],
    unitPrefix: 'openstack-swift-',
    rsyncService: 'rsyncd',
  },
  octavia: {
    packages: [
      'openstack-octavia-api',
      'openstack-octavia-health-manager',
      'openstack-octavia-housekeeping',
      'openstack-octavia-worker',
      'python3-octaviaclient',
    ],
    services: [
      'openstack-octavia-api',
      'openstack-octavia-health-manager',
      'openstack-octavia-housekeeping',
      'openstack-octavia-worker',
    ],
  },
  telemetry: {
    controllerPackages: ['openstack-ceilometer-agent-central', 'openstack-ceilometer-agent-notification'],
    controllerServices: ['openstack-ceilometer-agent-central', 'openstack-ceilometer-agent-notification'],
    computePackages: ['openstack-ceilometer-agent-compute'],
    computeService: 'openstack-ceilometer-agent-compute',
    gnocchiPackages: ['openstack-gnocchi-api', 'openstack-gnocchi-metricd', 'python3-gnocchiclient'],
    gnocchiServices: ['openstack-gnocchi-api', 'openstack-gnocchi-metricd'],
  },
  graphite: { packages: ['python3-carbon', 'graphite-web'], carbonService: 'carbon-cache' },
  collectd: { packages: ['collectd'], configPath: '/etc/collectd.conf' },
  rsyslog: { packages: ['rsyslog'], service: 'rsyslog' },
};

const PROFILES: Record<DistroFamily, OptionalProfile> = { debian: DEBIAN, rhel: RHEL, suse: SUSE };

/** The optional-systems profile of a distro family. */
export function optionalProfile(family: DistroFamily): OptionalProfile {
  return PROFILES[family];
}
