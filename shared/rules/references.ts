/**
 * Where the rules' advice comes from: sections of the seed documents (shared/seeds) and release notes.
 */

/** A pointer into a source document. */
export interface Reference {
  /** The document's title. */
  document: string;
  /** The chapter or section, as titled in the document. */
  section: string;
  /** The seed document number in shared/seeds (001–004), when the source is one. */
  seed?: string;
}

const HA_GUIDE_TOC = 'OpenStack HA Guide — proposed table of contents (2015)';
const HA_GUIDE_STATEFUL = 'OpenStack HA Guide — Configuring the stateful services';
const BOOK = 'Learning OpenStack High Availability (Sharma, 2015)';
const FIELD_REPORT = 'OpenStack: Upgrade to high availability (Part III), field report';

/** The references the rules cite, by name. */
export const REF = {
  quorums: { document: HA_GUIDE_TOC, section: 'HA Intro and Concepts › 3. Quorums', seed: '001' },
  galeraGarbd: {
    document: HA_GUIDE_TOC,
    section: 'Install and Configure MySQL › 1. Two nodes plus GARBD',
    seed: '001',
  },
  galeraDatabase: { document: HA_GUIDE_STATEFUL, section: 'Database for high availability', seed: '002' },
  rabbitmq: { document: HA_GUIDE_STATEFUL, section: 'Messaging service for high availability', seed: '002' },
  tiebreaker: { document: FIELD_REPORT, section: 'Highly available database (Galera)', seed: '004' },
  pacemakerProperties: {
    document: BOOK,
    section: 'Chapter 4: Clustering, Fencing, and Active/Passive Services › Setting the cluster properties',
    seed: '003',
  },
  splitBrain: {
    document: BOOK,
    section: 'Chapter 8: Failure Scenario and Disaster Recovery › Preventing a split-brain',
    seed: '003',
  },
  glusterQuorum: {
    document: BOOK,
    section: 'Chapter 8 › Setting the server-side quorum / Setting the client-side quorum',
    seed: '003',
  },
  sharedStorage: { document: BOOK, section: 'Chapter 7: Shared Storage', seed: '003' },
  ceph: { document: BOOK, section: 'Chapter 7: Shared Storage › An introduction to Ceph', seed: '003' },
  dvr: {
    document: BOOK,
    section: 'Chapter 6: Distributed Networking › Installing a high availability distributed virtual routing',
    seed: '003',
  },
  dvrKernel: {
    document: BOOK,
    section: 'Chapter 6 › Enabling packet forwarding and disabling reverse path filtering',
    seed: '003',
  },
  l3haDvr: {
    document: HA_GUIDE_TOC,
    section: 'Configure network interface on each node › 3. For Kilo and beyond, focus on L3HA and DVR',
    seed: '001',
  },
  networkController: {
    document: HA_GUIDE_TOC,
    section: 'II.4 Network Controller Cluster Stack (L3, DHCP, metadata agents)',
    seed: '001',
  },
  spof: {
    document: BOOK,
    section: 'Chapter 1 › How to measure high availability (single point of failure)',
    seed: '003',
  },
  achieveHa: { document: BOOK, section: 'Chapter 1 › How to achieve high availability', seed: '003' },
  haproxy: { document: BOOK, section: 'Chapter 3: Load Balancing for Active/Active Services', seed: '003' },
  vip: { document: HA_GUIDE_TOC, section: 'II.3 API Node Cluster Stack › 1. Configure the VIP', seed: '001' },
  hardware: {
    document: HA_GUIDE_TOC,
    section: 'Hardware setup › Minimal Architecture Example (network layout)',
    seed: '001',
  },
  drbdMysql: {
    document: HA_GUIDE_TOC,
    section:
      'Install and Configure MySQL › 3. Deprecate MySQL DRBD configuration because of split-brain issues',
    seed: '001',
  },
  drbdRabbit: {
    document: HA_GUIDE_TOC,
    section: 'RabbitMQ Message broker › 3. Deprecate DRBD for RabbitMQ',
    seed: '001',
  },
  singleL3: {
    document: HA_GUIDE_TOC,
    section: "Configure network interface on each node › 2. deprecate single agent's instances case",
    seed: '001',
  },
  cinderGluster: {
    document: 'Cinder release notes, Ocata',
    section: 'Upgrade notes: the GlusterFS volume driver was removed',
  },
  rabbitmq4: {
    document: 'RabbitMQ 4.0 release notes',
    section: 'Breaking changes: classic queue mirroring removed (use quorum queues)',
  },
  packages: {
    document: 'OpenStack Installation Guide',
    section: 'Environment › OpenStack packages (per distribution)',
  },
  quorumQueues: {
    document: 'oslo.messaging release notes, Yoga',
    section: 'New features: rabbit_quorum_queue',
  },
  ovnClustering: {
    document: 'Networking Guide (OVN)',
    section: 'OVN database clustering (Raft) and Geneve tenant networks',
  },
  availability: { document: BOOK, section: 'Chapter 1 › How to measure high availability', seed: '003' },
} satisfies Record<string, Reference>;
