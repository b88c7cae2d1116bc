/**
 * Every HA choice the Options tab offers: a label, a short why, the seed document and section it comes from,
 * and a flag for legacy or risky choices. Reading and writing a choice goes through `optionValue` and
 * `applyOption` (options-values.ts), so the tab and the tests treat every group alike.
 */
import { RELEASES } from './schema';

/** The seed documents choices cite (see shared/seeds). */
export const SEED_DOCUMENTS = {
  '001': 'OpenStack HA Guide — table of contents',
  '002': 'OpenStack HA Guide — Configuring the stateful services',
  '003': 'Learning OpenStack High Availability (the book)',
  '004': 'Field report: OpenStack upgrade to high availability, part III',
} as const;

/** A place in a seed document. */
export interface SeedRef {
  doc: keyof typeof SEED_DOCUMENTS;
  section: string;
}

/** One selectable value of an option group. */
export interface OptionChoice {
  value: string;
  label: string;
  why: string;
  source: SeedRef;
  /** Set for legacy or risky choices: stays selectable, shown with this warning. */
  flag?: string;
}

/** Keys of the option groups. */
export type OptionKey =
  | 'database'
  | 'arbitrator'
  | 'messaging'
  | 'loadBalancer'
  | 'neutron'
  | 'storage.images'
  | 'storage.volumes'
  | 'storage.instances'
  | 'memcached'
  | 'fencing'
  | 'cluster.twoNode'
  | 'cluster.noQuorumPolicy'
  | 'lbaas'
  | 'telemetry'
  | 'metrics'
  | 'logging'
  | 'distro'
  | 'release';

/** A group of mutually exclusive choices. */
export interface OptionGroup {
  key: OptionKey;
  title: string;
  choices: OptionChoice[];
}

const galera: SeedRef = { doc: '002', section: 'Database for high availability' };
const book = (section: string): SeedRef => ({ doc: '003', section });
const field = (section: string): SeedRef => ({ doc: '004', section });
const toc = (section: string): SeedRef => ({ doc: '001', section });

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

const releaseChoices: OptionChoice[] = [...RELEASES].reverse().map((r) => ({
  value: r,
  label: r,
  why: 'The OpenStack series to install; package names and options follow it.',
  source: toc('Introduction'),
}));

/** The fixed option groups, in the order the tab shows them (the arbitrator's choices depend on the nodes). */
export const OPTION_GROUPS: OptionGroup[] = [
  {
    key: 'database',
    title: 'Database',
    choices: [
      {
        value: 'galera-haproxy',
        label: 'Galera multi-master behind HAProxy',
        why: 'Every controller runs MariaDB with Galera; HAProxy sends writes to one active node and keeps the others as backups, which avoids certification conflicts.',
        source: galera,
      },
      {
        value: 'galera-pacemaker',
        label: 'Galera under Pacemaker (multi-state, clustercheck)',
        why: 'Pacemaker starts, promotes and monitors Galera as a multi-state resource; clustercheck tells it which node is synced.',
        source: field('Highly available database (Galera)'),
      },
      {
        value: 'drbd-mysql',
        label: 'MySQL active/passive on DRBD (legacy)',
        why: 'One MySQL instance on a DRBD-replicated disk that Pacemaker moves to the other node.',
        source: book('Ch. 4 DRBD replicated storage'),
        flag: 'Legacy: the HA guide deprecates DRBD for its split-brain risk; failover restarts MySQL.',
      },
    ],
  },
  {
    key: 'messaging',
    title: 'Messaging (RabbitMQ)',
    choices: [
      {
        value: 'quorum-queues',
        label: 'RabbitMQ cluster with quorum queues',
        why: 'Raft-replicated queues that survive the loss of a minority of nodes; the current recommendation.',
        source: { doc: '002', section: 'Messaging service for high availability' },
      },
      {
        value: 'mirrored-all',
        label: 'Classic mirrored queues (ha-mode: all)',
        why: 'Every queue mirrored on every node, as in the HA guide’s policy `ha-all`.',
        source: { doc: '002', section: 'Configure RabbitMQ for HA queues' },
        flag: 'Classic mirrored queues are removed in RabbitMQ 4.0.',
      },
      {
        value: 'mirrored-exactly',
        label: 'Classic mirrored queues (ha-mode: exactly N)',
        why: 'Each queue on N nodes (2 by default): less replication traffic than “all”; the field report’s policy uses 2.',
        source: field('RabbitMQ'),
        flag: 'Classic mirrored queues are removed in RabbitMQ 4.0.',
      },
      {
        value: 'pacemaker',
        label: 'RabbitMQ under Pacemaker (OCF multi-state)',
        why: 'Pacemaker runs rabbitmq-server-ha as a multi-state resource and rebuilds the cluster after failures.',
        source: field('RabbitMQ — pacemaker multi-state resource'),
      },
      {
        value: 'drbd',
        label: 'Active/passive on DRBD (legacy)',
        why: 'One RabbitMQ node on a DRBD disk, moved by Pacemaker.',
        source: book('Ch. 4 High availability RabbitMQ via AMQP'),
        flag: 'Legacy: split-brain risk and a full messaging outage on every failover.',
      },
    ],
  },
  {
    key: 'loadBalancer',
    title: 'VIP and load balancing',
    choices: [
      {
        value: 'haproxy-keepalived',
        label: 'HAProxy + keepalived (VRRP)',
        why: 'keepalived moves the VIP between load balancers with VRRP; HAProxy spreads API traffic.',
        source: book('Ch. 3 The installation of HAProxy and keepalived'),
      },
      {
        value: 'pacemaker-haproxy',
        label: 'Pacemaker VIP (IPaddr2) with HAProxy',
        why: 'Pacemaker owns the VIP and keeps it with a running HAProxy; one cluster manager for everything.',
        source: toc('II.3.1 Configure the VIP'),
      },
    ],
  },
  {
    key: 'neutron',
    title: 'Neutron routing',
    choices: [
      {
        value: 'ovs-l3ha',
        label: 'ML2/OVS with L3 HA (VRRP routers)',
        why: 'Each router runs on two or more network nodes with keepalived; a failed node’s routers move in seconds.',
        source: toc('II.4.1 Highly available Neutron L3 Agent'),
      },
      {
        value: 'ovs-dvr',
        label: 'ML2/OVS with DVR (SNAT on network nodes)',
        why: 'Routing runs on every compute node; only SNAT stays on network nodes. Computes need the external network.',
        source: book('Ch. 6 Distributed Networking'),
      },
      {
        value: 'ovs-legacy',
        label: 'Single L3 agent (legacy)',
        why: 'One L3 agent per router; a failed network node takes its routers down until rescheduled.',
        source: toc('III.9 OpenStack Network Nodes'),
        flag: 'Legacy: routers are down until rescheduled after a network node fails.',
      },
      {
        value: 'ovn',
        label: 'ML2/OVN',
        why: 'OVN distributes routing itself and schedules gateways with priorities; the DVR/L3 HA choice does not apply.',
        source: toc('III.9 OpenStack Network Nodes'),
      },
    ],
  },
  {
    key: 'storage.images',
    title: 'Storage for images (Glance)',
    choices: [STORAGE_CHOICES.ceph!, STORAGE_CHOICES.gluster!, STORAGE_CHOICES.nfs!, STORAGE_CHOICES.local!],
  },
  {
    key: 'storage.volumes',
    title: 'Storage for volumes (Cinder)',
    choices: [
      STORAGE_CHOICES.ceph!,
      STORAGE_CHOICES.gluster!,
      STORAGE_CHOICES.lvm!,
      STORAGE_CHOICES.nfs!,
      STORAGE_CHOICES.none!,
    ],
  },
  {
    key: 'storage.instances',
    title: 'Storage for instance disks (Nova)',
    choices: [STORAGE_CHOICES.ceph!, STORAGE_CHOICES.gluster!, STORAGE_CHOICES.nfs!, STORAGE_CHOICES.local!],
  },
  {
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
  },
  {
    key: 'fencing',
    title: 'Pacemaker fencing (STONITH)',
    choices: [
      {
        value: 'none',
        label: 'None',
        why: 'No fencing device: Pacemaker cannot be sure a lost node is really down.',
        source: book('Ch. 4 Clustering, Fencing, and Active/Passive Services'),
        flag: 'Without fencing a partitioned cluster can run a resource twice.',
      },
      {
        value: 'ipmi',
        label: 'IPMI (fence_ipmilan)',
        why: 'Pacemaker powers a lost node off through its BMC on the out-of-band network.',
        source: book('Ch. 4 Clustering, Fencing, and Active/Passive Services'),
      },
      {
        value: 'sbd',
        label: 'SBD (storage-based death, watchdog)',
        why: 'Nodes fence themselves through a shared disk and a hardware watchdog; no BMC needed.',
        source: book('Ch. 4 Clustering, Fencing, and Active/Passive Services'),
      },
    ],
  },
  {
    key: 'cluster.twoNode',
    title: 'Two-node cluster (corosync two_node)',
    choices: [
      {
        value: 'off',
        label: 'Off: quorum needs a majority',
        why: 'With three or more nodes a majority decides; the safe default.',
        source: toc('II.1.5 Setting basic cluster properties'),
      },
      {
        value: 'on',
        label: 'On: two_node and wait_for_all',
        why: 'A two-node cluster keeps quorum with one node left; both must have met once after start.',
        source: book('Ch. 4 Setting the cluster properties'),
      },
    ],
  },
  {
    key: 'cluster.noQuorumPolicy',
    title: 'Pacemaker no-quorum-policy',
    choices: [
      {
        value: 'stop',
        label: 'stop',
        why: 'A partition without quorum stops its resources: the safe default.',
        source: toc('II.1.5 Setting basic cluster properties'),
      },
      {
        value: 'freeze',
        label: 'freeze',
        why: 'Keeps running resources where they are but starts nothing new.',
        source: toc('II.1.5 Setting basic cluster properties'),
      },
      {
        value: 'ignore',
        label: 'ignore',
        why: 'The book sets this for its two-node cluster so one node can carry on alone.',
        source: book('Ch. 4 Setting the cluster properties'),
        flag: 'Both halves of a split cluster keep running resources.',
      },
    ],
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  { key: 'release', title: 'OpenStack release', choices: releaseChoices },
];
