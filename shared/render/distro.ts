/**
 * Distribution differences, resolved once at compile time: package managers, package names, paths and
 * service names per distro family. Nothing downstream of this module branches on the distro.
 */
import type { DistroFamily } from '../design/schema';

/** Packages, paths and service names of one distro family. */
export interface DistroProfile {
  family: DistroFamily;
  /** Shell prefix that installs packages non-interactively (the package names follow). */
  install: string;
  /** Shell command that refreshes the package index. */
  refresh: string;
  /** Shell command (exit 0 when every named package is installed); package names follow. */
  isInstalled: string;
  mariadb: {
    packages: string[];
    /** Drop-in folder read by the server (`!includedir`). */
    confDir: string;
    /** The wsrep provider library of the distro's Galera 4 package. */
    galeraProvider: string;
    service: string;
    socket: string;
    /** Shell command that bootstraps a new cluster on the first node. */
    bootstrap: string;
  };
  garbd: { packages: string[]; service: string; configPath: string };
  rabbitmq: { packages: string[]; service: string };
  memcached: { packages: string[]; service: string; configPath: string };
  haproxy: { packages: string[]; service: string };
  keepalived: { packages: string[]; service: string };
  pacemaker: { packages: string[]; shell: 'crm' | 'pcs' };
  apache: { service: string; portsFile: string };
  /** OpenStack packages per component (release-independent names). */
  openstack: {
    keystone: string[];
    glance: string[];
    placement: string[];
    novaController: string[];
    novaCompute: string[];
    neutronServer: string[];
    neutronAgents: string[];
    cinder: string[];
    horizon: string[];
  };
  /** systemd unit names of OpenStack services. */
  services: {
    glance: string;
    novaController: string[];
    novaCompute: string;
    neutronServer: string;
    ovsAgent: string;
    l3Agent: string;
    dhcpAgent: string;
    metadataAgent: string;
    cinderController: string[];
    cinderVolume: string;
  };
  /** Horizon's settings file. */
  horizonSettings: string;
  /** Files of Apache sites that carry their own `Listen` line (bound to the node's address). */
  apacheSites: { keystone: string; placement: string | null };
}

const APT =
  'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold';

const DEBIAN: DistroProfile = {
  family: 'debian',
  install: APT,
  refresh: 'apt-get update -q',
  isInstalled: 'dpkg -s',
  mariadb: {
    packages: ['mariadb-server', 'mariadb-client', 'galera-4', 'rsync'],
    confDir: '/etc/mysql/mariadb.conf.d',
    galeraProvider: '/usr/lib/galera/libgalera_smm.so',
    service: 'mariadb',
    socket: '/run/mysqld/mysqld.sock',
    bootstrap: 'galera_new_cluster',
  },
  garbd: { packages: ['galera-arbitrator-4'], service: 'garb', configPath: '/etc/default/garb' },
  rabbitmq: { packages: ['rabbitmq-server'], service: 'rabbitmq-server' },
  memcached: { packages: ['memcached'], service: 'memcached', configPath: '/etc/memcached.conf' },
  haproxy: { packages: ['haproxy'], service: 'haproxy' },
  keepalived: { packages: ['keepalived'], service: 'keepalived' },
  pacemaker: {
    // pacemaker-cli-utils (cibadmin, crm_mon) is only a Recommends of pacemaker, and installs skip those:
    // without it every pcs command failed in the lab ("unable to run command /usr/sbin/cibadmin").
    packages: ['pacemaker', 'pacemaker-cli-utils', 'corosync', 'pcs', 'resource-agents', 'fence-agents'],
    shell: 'pcs',
  },
  apache: { service: 'apache2', portsFile: '/etc/apache2/ports.conf' },
  openstack: {
    keystone: ['keystone', 'apache2', 'python3-openstackclient'],
    glance: ['glance'],
    placement: ['placement-api'],
    novaController: ['nova-api', 'nova-conductor', 'nova-scheduler', 'nova-novncproxy'],
    novaCompute: ['nova-compute'],
    neutronServer: ['neutron-server', 'neutron-plugin-ml2'],
    neutronAgents: [
      'neutron-openvswitch-agent',
      'neutron-l3-agent',
      'neutron-dhcp-agent',
      'neutron-metadata-agent',
    ],
    cinder: ['cinder-api', 'cinder-scheduler', 'cinder-volume'],
    horizon: ['openstack-dashboard', 'openstack-dashboard-apache'],
  },
  services: {
    glance: 'glance-api',
    novaController: ['nova-api', 'nova-scheduler', 'nova-conductor', 'nova-novncproxy'],
    novaCompute: 'nova-compute',
    neutronServer: 'neutron-server',
    ovsAgent: 'neutron-openvswitch-agent',
    l3Agent: 'neutron-l3-agent',
    dhcpAgent: 'neutron-dhcp-agent',
    metadataAgent: 'neutron-metadata-agent',
    cinderController: ['cinder-api', 'cinder-scheduler'],
    cinderVolume: 'cinder-volume',
  },
  horizonSettings: '/etc/openstack-dashboard/local_settings.py',
  apacheSites: {
    keystone: '/etc/apache2/sites-available/keystone.conf',
    placement: '/etc/apache2/sites-available/placement-api.conf',
  },
};

const RHEL: DistroProfile = {
  family: 'rhel',
  install: 'dnf install -y',
  refresh: 'dnf makecache -q',
  isInstalled: 'rpm -q',
  mariadb: {
    packages: ['mariadb-server-galera', 'mariadb', 'galera', 'rsync'],
    confDir: '/etc/my.cnf.d',
    galeraProvider: '/usr/lib64/galera/libgalera_smm.so',
    service: 'mariadb',
    socket: '/var/lib/mysql/mysql.sock',
    bootstrap: 'galera_new_cluster',
  },
  garbd: { packages: ['galera'], service: 'garbd', configPath: '/etc/sysconfig/garb' },
  rabbitmq: { packages: ['rabbitmq-server'], service: 'rabbitmq-server' },
  memcached: { packages: ['memcached'], service: 'memcached', configPath: '/etc/sysconfig/memcached' },
  haproxy: { packages: ['haproxy'], service: 'haproxy' },
  keepalived: { packages: ['keepalived'], service: 'keepalived' },
  pacemaker: {
    packages: ['pacemaker', 'corosync', 'pcs', 'resource-agents', 'fence-agents-all'],
    shell: 'pcs',
  },
  apache: { service: 'httpd', portsFile: '/etc/httpd/conf/httpd.conf' },
  openstack: {
    keystone: ['openstack-keystone', 'httpd', 'python3-mod_wsgi', 'python3-openstackclient'],
    glance: ['openstack-glance'],
    placement: ['openstack-placement-api'],
    novaController: [
      'openstack-nova-api',
      'openstack-nova-conductor',
      'openstack-nova-scheduler',
      'openstack-nova-novncproxy',
    ],
    novaCompute: ['openstack-nova-compute'],
    neutronServer: ['openstack-neutron', 'openstack-neutron-ml2'],
    neutronAgents: ['openstack-neutron', 'openstack-neutron-ml2', 'openstack-neutron-openvswitch'],
    cinder: ['openstack-cinder'],
    horizon: ['openstack-dashboard'],
  },
  services: {
    glance: 'openstack-glance-api',
    novaController: [
      'openstack-nova-api',
      'openstack-nova-scheduler',
      'openstack-nova-conductor',
      'openstack-nova-novncproxy',
    ],
    novaCompute: 'openstack-nova-compute',
    neutronServer: 'neutron-server',
    ovsAgent: 'neutron-openvswitch-agent',
    l3Agent: 'neutron-l3-agent',
    dhcpAgent: 'neutron-dhcp-agent',
    metadataAgent: 'neutron-metadata-agent',
    cinderController: ['openstack-cinder-api', 'openstack-cinder-scheduler'],
    cinderVolume: 'openstack-cinder-volume',
  },
  horizonSettings: '/etc/openstack-dashboard/local_settings',
  apacheSites: {
    keystone: '/etc/httpd/conf.d/wsgi-keystone.conf',
    placement: '/etc/httpd/conf.d/00-placement-api.conf',
  },
};

const SUSE: DistroProfile = {
  family: 'suse',
  install: 'zypper --non-interactive install',
  refresh: 'zypper --non-interactive refresh',
  isInstalled: 'rpm -q',
  mariadb: {
    packages: ['mariadb', 'mariadb-client', 'mariadb-galera', 'galera-4', 'rsync'],
    confDir: '/etc/my.cnf.d',
    galeraProvider: '/usr/lib64/galera-4/libgalera_smm.so',
    service: 'mariadb',
    socket: '/run/mysql/mysql.sock',
    bootstrap: 'galera_new_cluster',
  },
  garbd: { packages: ['galera-4'], service: 'garbd', configPath: '/etc/sysconfig/garb' },
  rabbitmq: { packages: ['rabbitmq-server'], service: 'rabbitmq-server' },
  memcached: { packages: ['memcached'], service: 'memcached', configPath: '/etc/sysconfig/memcached' },
  haproxy: { packages: ['haproxy'], service: 'haproxy' },
  keepalived: { packages: ['keepalived'], service: 'keepalived' },
  pacemaker: {
    packages: ['pacemaker', 'corosync', 'crmsh', 'resource-agents', 'fence-agents'],
    shell: 'crm',
  },
  apache: { service: 'apache2', portsFile: '/etc/apache2/listen.conf' },
  openstack: {
    keystone: ['openstack-keystone', 'apache2', 'apache2-mod_wsgi', 'python3-openstackclient'],
    glance: ['openstack-glance'],
    placement: ['openstack-placement'],
    novaController: [
      'openstack-nova-api',
      'openstack-nova-scheduler',
      'openstack-nova-conductor',
      'openstack-nova-novncproxy',
    ],
    novaCompute: ['openstack-nova-compute'],
    neutronServer: ['openstack-neutron', 'openstack-neutron-server'],
    neutronAgents: [
      'openstack-neutron-openvswitch-agent',
      'openstack-neutron-l3-agent',
      'openstack-neutron-dhcp-agent',
      'openstack-neutron-metadata-agent',
    ],
    cinder: ['openstack-cinder-api', 'openstack-cinder-scheduler', 'openstack-cinder-volume'],
    horizon: ['openstack-dashboard'],
  },
  services: {
    glance: 'openstack-glance-api',
    novaController: [
      'openstack-nova-api',
      'openstack-nova-scheduler',
      'openstack-nova-conductor',
      'openstack-nova-novncproxy',
    ],
    novaCompute: 'openstack-nova-compute',
    neutronServer: 'openstack-neutron',
    ovsAgent: 'openstack-neutron-openvswitch-agent',
    l3Agent: 'openstack-neutron-l3-agent',
    dhcpAgent: 'openstack-neutron-dhcp-agent',
    metadataAgent: 'openstack-neutron-metadata-agent',
    cinderController: ['openstack-cinder-api', 'openstack-cinder-scheduler'],
    cinderVolume: 'openstack-cinder-volume',
  },
  horizonSettings: '/srv/www/openstack-dashboard/openstack_dashboard/local/local_settings.py',
  apacheSites: { keystone: '/etc/apache2/conf.d/wsgi-keystone.conf', placement: null },
};

const PROFILES: Record<DistroFamily, DistroProfile> = { debian: DEBIAN, rhel: RHEL, suse: SUSE };

/** The profile of a distro family. */
export function distroProfile(family: DistroFamily): DistroProfile {
  return PROFILES[family];
}

/** The shell command that installs packages unless all are installed already. */
export function installCommand(profile: DistroProfile, packages: readonly string[]): string {
  const list = [...new Set(packages)].join(' ');
  return `${profile.isInstalled} ${list} >/dev/null 2>&1 || ${profile.install} ${list}`;
}
