/**
 * The option groups about services and the base system: storage per use, memcached, Octavia, telemetry,
 * metrics, logging and the distribution (see options-catalog.ts for the order the tab shows them).
 */
import { book, field, toc, type OptionChoice, type OptionGroup } from './option-types';

const STORAGE_CHOICES: Record<string, OptionChoice> = {
  ceph: {
    value: 'ceph',
    label: 'Ceph RBD',
    why: 'Replicated block storage shared by every node; any controller or compute can reach every image or disk.',
    source: book('Ch. 7 Shared Storage — An introduction to Ceph'),
  },
  gluster: {
    value: 'gluster',
    label: 'GlusterFS',
    why: 'Replicated file volumes mounted on each node; simple to run on a few storage hosts.',
    source: book('Ch. 7 Shared Storage — An introduction to GlusterFS'),
  },
  lvm: {
    value: 'lvm',
    label: 'LVM / iSCSI',
    why: 'Cinder volumes on one storage host exported over iSCSI: simple, but that host is a single point of failure.',
    source: book('Ch. 7 Shared Storage'),
    flag: 'Not highly available: losing the volume host loses every attached volume.',
  },
  nfs: {
    value: 'nfs',
    label: 'NFS',
    why: 'A shared NFS export; as available as the NFS server behind it.',
    source: book('Ch. 7 Shared Storage'),
  },
  local: {
    value: 'local',
    label: 'Local disk',
    why: 'Each node keeps its own copy; nothing shared, nothing to fail over.',
    source: book('Ch. 7 Shared Storage'),
  },
  none: {
    value: 'none',
    label: 'None (no Cinder)',
    why: 'The cloud offers no block volumes.',
    source: book('Ch. 7 Shared Storage'),
  },
};

/** The `storage.images` option group. */
export const storageImagesGroup: OptionGroup = {
  key: 'storage.images',
  title: 'Storage for images (Glance)',
  choices: [STORAGE_CHOICES.ceph!, STORAGE_CHOICES.gluster!, STORAGE_CHOICES.nfs!, STORAGE_CHOICES.local!],
};

/** The `storage.volumes` option group. */
export const storageVolumesGroup: OptionGroup = {
  key: 'storage.volumes',
  title: 'Storage for volumes (Cinder)',
  choices: [
    STORAGE_CHOICES.ceph!,
    STORAGE_CHOICES.gluster!,
    STORAGE_CHOICES.lvm!,
    STORAGE_CHOICES.nfs!,
    STORAGE_CHOICES.none!,
  ],
};

/** The `storage.instances` option group. */
export const storageInstancesGroup: OptionGroup = {
  key: 'storage.instances',
  title: 'Storage for instance disks (Nova)',
  choices: [STORAGE_CHOICES.ceph!, STORAGE_CHOICES.gluster!, STORAGE_CHOICES.nfs!, STORAGE_CHOICES.local!],
};

/** The `memcached` option group. */
export const memcachedGroup: OptionGroup = {
  key: 'memcached',
  title: 'Memcached',
  choices: [
    {
      value: 'local',
      label: 'Each service uses its local memcached',
      why: 'Trade-off: a failover loses cached tokens either way, and the field report found localhost-only caching behaved better during failovers.',
      source: field('Memcached'),
    },
    {
      value: 'all',
      label: 'Every service lists every memcached server',
      why: 'Trade-off: one shared cache (tokens cached once, found by all), but a dead server costs a timeout until the client marks it down. The HA guide’s setting.',
      source: toc('III.8.2 Memcached'),
    },
  ],
};

/** The `lbaas` option group. */
export const lbaasGroup: OptionGroup = {
  key: 'lbaas',
  title: 'Load balancing as a service',
  choices: [
    {
      value: 'none',
      label: 'None',
      why: 'Tenants build their own load balancers (or none); nothing to run on the controllers.',
      source: book('Ch. 5 The load balancing HTTP REST API'),
    },
    {
      value: 'octavia',
      label: 'Octavia (amphorae, ACTIVE_STANDBY)',
      why: 'The book’s LBaaS, as it is today: neutron-lbaas was retired in Train. Octavia runs API, worker, health manager and housekeeping on every controller; each load balancer is a pair of amphorae with VRRP, and the health manager replaces a failed one.',
      source: book('Ch. 8 Automatic failover — Load balance as a service'),
    },
  ],
};

/** The `telemetry` option group. */
export const telemetryGroup: OptionGroup = {
  key: 'telemetry',
  title: 'Telemetry (Ceilometer)',
  choices: [
    {
      value: 'none',
      label: 'None',
      why: 'No usage metering; Nagios and the metrics graphs still watch the HA services.',
      source: book('Ch. 10 Monitoring for High Availability'),
    },
    {
      value: 'gnocchi',
      label: 'Ceilometer agents → Gnocchi',
      why: 'Central and notification agents on every controller (work split through a coordination backend), a compute agent on every compute; samples go to Gnocchi behind the VIP. Upstream Ceilometer has no Graphite publisher (the book patched one in), so Gnocchi is the store.',
      source: book('Ch. 10 Graphite monitoring tool — Ceilometer configuration'),
    },
  ],
};

/** The `metrics` option group. */
export const metricsGroup: OptionGroup = {
  key: 'metrics',
  title: 'Metrics graphs',
  choices: [
    {
      value: 'none',
      label: 'None',
      why: 'No time series of load, memory, disks and interfaces.',
      source: book('Ch. 10 Monitoring for High Availability'),
    },
    {
      value: 'graphite',
      label: 'Graphite / Carbon on the monitoring nodes',
      why: 'The book’s Graphite (carbon-cache, graphite-web from Debian packages), fed by collectd’s write_graphite on every node, to see resource use and trends before they turn into failures.',
      source: book('Ch. 10 Graphite monitoring tool'),
    },
  ],
};

/** The `logging` option group. */
export const loggingGroup: OptionGroup = {
  key: 'logging',
  title: 'Central logs',
  choices: [
    {
      value: 'none',
      label: 'None',
      why: 'Each node keeps its own logs; after a failover the story is spread over several hosts.',
      source: book('Ch. 10 Logstash, Elasticsearch and Kibana'),
    },
    {
      value: 'rsyslog',
      label: 'rsyslog forwarding to the monitoring nodes',
      why: 'Every node forwards syslog and the OpenStack log files over TCP with a disk-backed queue (nothing lost while the log host is down); the monitoring node files them per host. Logstash/Elasticsearch/Kibana, the book’s stack, are not packaged by the distributions (Elastic’s licence; OpenSearch comes from its own repositories or Kolla’s images); rsyslog is in every base system.',
      source: book('Ch. 10 Logstash, Elasticsearch and Kibana'),
    },
  ],
};

/** The `distro` option group. */
export const distroGroup: OptionGroup = {
  key: 'distro',
  title: 'Distribution family',
  choices: [
    {
      value: 'debian',
      label: 'Debian / Ubuntu',
      why: 'apt packages, the book’s lab.',
      source: book('Ch. 3'),
    },
    {
      value: 'rhel',
      label: 'RHEL family',
      why: 'dnf packages (RDO); RHEL, Rocky, Alma, CentOS Stream.',
      source: { doc: '002', section: 'Install RabbitMQ' },
    },
    {
      value: 'suse',
      label: 'openSUSE / SLES',
      why: 'zypper packages; the field report’s cloud.',
      source: field('Highly available database (Galera)'),
    },
  ],
};
