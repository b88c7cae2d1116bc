/**
 * The option groups about the clusters themselves: database, messaging, load balancing, Neutron, fencing and
 * the cluster properties (see options-catalog.ts for the order the tab shows them).
 */
import { book, field, galera, toc, type OptionGroup } from './option-types';

/** The `database` option group. */
export const databaseGroup: OptionGroup = {
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
};

/** The `messaging` option group. */
export const messagingGroup: OptionGroup = {
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
};

/** The `loadBalancer` option group. */
export const loadBalancerGroup: OptionGroup = {
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
};

/** The `neutron` option group. */
export const neutronGroup: OptionGroup = {
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
};

/** The `fencing` option group. */
export const fencingGroup: OptionGroup = {
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
};

/** The `cluster.twoNode` option group. */
export const clusterTwoNodeGroup: OptionGroup = {
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
};

/** The `cluster.noQuorumPolicy` option group. */
export const clusterNoQuorumPolicyGroup: OptionGroup = {
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
};
