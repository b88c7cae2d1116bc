/**
 * The resolved topology: the one reading of a design that every stage uses (rules, simulation,
 * availability, plan, renderers, verify checks, runbook, drills and the UI). Per service it says who runs
 * it, who votes, how many must be up, what each config file lists and which address each member binds.
 */
import type { Design, DesignNetwork, DesignNode, DesignVip, Role } from '../design/schema';
import type { DistroProfile } from '../render/distro';
import type { ReleaseFacts } from './release';

/** Nodes that run one cluster, with the role a plan step selects them by. */
export interface NodeGroup {
  role: Role;
  nodes: DesignNode[];
}

/** Stable ids of the clustered services Quorum models. */
export type ServiceId =
  | 'galera'
  | 'mysql-drbd'
  | 'rabbitmq'
  | 'pacemaker'
  | 'load-balancer'
  | 'api'
  | 'memcached'
  | 'ovn-db'
  | 'l3-agent'
  | 'dhcp-agent'
  | 'ceph-mon'
  | 'ceph-osd'
  | 'gluster'
  | 'compute';

/**
 * How a service survives failures:
 * - `quorum`: a majority of voters must be up (`required` = floor(n/2)+1, or less when a policy says so);
 * - `active-active`: any `required` members serve;
 * - `active-passive`: one member serves at a time, another takes over.
 */
export type ServiceKind = 'quorum' | 'active-active' | 'active-passive';

/** One clustered service of the design. */
export interface ClusterService {
  id: ServiceId;
  /** What a person calls it: "Galera (MariaDB)". */
  label: string;
  kind: ServiceKind;
  /** Node ids that run or vote for the service, in design order (the order is failover priority). */
  members: string[];
  /**
   * Members that hold the data, when not all do (Galera's garbd votes but holds none). The service needs at
   * least one of them up besides its quorum.
   */
  dataMembers: string[];
  /** How many members must be up (and reachable) for the service to work. */
  required: number;
  /** What stops working when the service is down, for SPOF findings and the simulation panel. */
  impact: string;
  /** True when the control plane needs this service. */
  controlPlane: boolean;
}

/** Galera (or the legacy MySQL on DRBD) as deployed. */
export interface GaleraFacts {
  mode: Design['options']['database'];
  /** Nodes holding data: dedicated database hosts, else the controllers. */
  dataNodes: DesignNode[];
  /** The node the arbitrator option names, deployable or not (the rules explain when it is not). */
  chosenArbitrator: DesignNode | null;
  /** The node running garbd: the arbitrator option's node, when it is not a data node (else none). */
  arbitrator: DesignNode | null;
  /** Data nodes plus garbd: who votes. */
  voters: DesignNode[];
  /** `wsrep_cluster_size` when every voter is up: what the plan waits for and verify expects. */
  expectedSize: number;
  /** The node that bootstraps a new cluster (`galera_new_cluster`). */
  bootstrap: DesignNode | null;
  /** Pacemaker starts and promotes the database (galera-pacemaker, drbd-mysql). */
  pacemakerManaged: boolean;
}

/** How RabbitMQ reacts to a partition, as written into rabbitmq.conf. */
export type PartitionHandling = 'pause_minority' | 'autoheal' | 'ignore';

/** RabbitMQ as deployed. */
export interface RabbitFacts {
  mode: Design['options']['messaging']['mode'];
  nodes: DesignNode[];
  /**
   * pause_minority with 3 or more brokers (a minority stops rather than diverge); autoheal with 2, where
   * pause_minority would stop the survivor of any single failure; ignore with 1 broker or DRBD (one broker
   * runs at a time).
   */
  partitionHandling: PartitionHandling;
  /** Brokers that must be up for messaging to work. */
  required: number;
  /** Clients declare quorum queues (oslo.messaging `rabbit_quorum_queue`). */
  quorumQueues: boolean;
}

/** The Corosync/Pacemaker cluster as written into corosync.conf and the CIB. */
export interface PacemakerFacts {
  used: boolean;
  nodes: DesignNode[];
  /** corosync `two_node: 1`: only when the option is on and the cluster has exactly 2 nodes. */
  twoNode: boolean;
  noQuorumPolicy: 'stop' | 'freeze' | 'ignore';
  /** Nodes that must be up for resources to keep running. */
  required: number;
  /** Services whose resources Pacemaker manages (they stop when it loses quorum). */
  managed: ServiceId[];
}

/** Neutron as configured in neutron.conf, ml2_conf.ini and the agents' files. */
export interface NeutronFacts {
  mode: Design['options']['neutron'];
  /** Hosts of the L3/DHCP/metadata agents (network nodes, else the controllers); OVN gateway chassis. */
  agentNodes: DesignNode[];
  dhcpAgentsPerNetwork: number;
  /** `max_l3_agents_per_router` with L3 HA (and DVR's SNAT HA); null when routers are not replicated. */
  maxL3AgentsPerRouter: number | null;
  tenantNetworkType: 'vxlan' | 'gre' | 'geneve' | 'vlan';
  typeDrivers: string[];
  mechanismDrivers: string[];
  l2Population: boolean;
  /** Tunnel types of the OVS agents (empty for VLAN tenant networks and OVN). */
  tunnelTypes: string[];
  /** Nodes running the clustered OVN northbound and southbound databases and ovn-northd (OVN only). */
  ovnCentral: DesignNode[];
}

/** Ceph as written into ceph.conf and the pools. */
export interface CephFacts {
  used: boolean;
  mons: DesignNode[];
  osds: DesignNode[];
  /** Replicas per object (`osd_pool_default_size` and every pool's size). */
  size: number;
  /** Replicas that must be up for I/O (`min_size`): size - floor(size/2), Ceph's default. */
  minSize: number;
  /** The network clients and monitors use: the storage network, else the management network. */
  publicNetwork: DesignNetwork | null;
  /** OSD replication traffic, when a storage-replication network exists. */
  clusterNetwork: DesignNetwork | null;
  /** Each monitor's address on the public network. */
  monAddress(node: DesignNode): string;
}

/** GlusterFS as configured in its volumes. */
export interface GlusterFacts {
  used: boolean;
  nodes: DesignNode[];
  replica: number;
  serverQuorum: boolean;
  clientQuorum: boolean;
}

/** memcached as run and as listed in every service's `memcache_servers`. */
export interface MemcachedFacts {
  nodes: DesignNode[];
  /** `local`: each service talks to its own node's memcached; `all`: every service lists every server. */
  mode: Design['options']['memcached'];
}

/** HAProxy and the VIPs as keepalived (or Pacemaker) places them. */
export interface LoadBalancerFacts {
  nodes: DesignNode[];
  /**
   * The nodes that can hold a VIP, in priority order: load balancers with a NIC on the VIP's network
   * (all load balancers when none has one). keepalived writes an instance on these only.
   */
  holders(vip: DesignVip): DesignNode[];
  /** keepalived's virtual_router_id of a VIP: the design's, else one Quorum chose by position. */
  routerId(vip: DesignVip): number;
}

/** Facts each service adds to the topology, by service module. */
export interface ServiceFacts {
  loadBalancer: LoadBalancerFacts;
  galera: GaleraFacts;
  rabbitmq: RabbitFacts;
  pacemaker: PacemakerFacts;
  neutron: NeutronFacts;
  ceph: CephFacts;
  gluster: GlusterFacts;
  memcached: MemcachedFacts;
}

/** The one reading of a design. */
export interface Topology {
  design: Design;
  distro: DistroProfile;
  /** What the release offers on the chosen distro and where its packages come from. */
  release: ReleaseFacts;
  /** A name for clusters (corosync, RabbitMQ, Galera), derived from the design name. */
  clusterName: string;
  controllers: NodeGroup;
  /** Galera data nodes (dedicated database hosts, else the controllers). */
  database: NodeGroup;
  /** RabbitMQ brokers (dedicated messaging hosts, else the controllers). */
  messaging: NodeGroup;
  /** HAProxy and VIP holders (load-balancer hosts, else the controllers). */
  loadBalancers: NodeGroup;
  /** Neutron agent hosts (network nodes, else the controllers). */
  network: NodeGroup;
  compute: NodeGroup;
  cephMon: NodeGroup;
  cephOsd: NodeGroup;
  gluster: NodeGroup;
  /** Swift storage nodes (account, container and object servers). */
  swiftStorage: NodeGroup;
  /** Swift proxies: nodes with the swift-proxy role, else the controllers (when there is Swift at all). */
  swiftProxy: NodeGroup;
  /** Nodes with the monitoring role (Nagios, Graphite, the central log host). */
  monitoring: NodeGroup;
  /** Nodes of the Pacemaker cluster (every host of a Pacemaker-managed service; empty without Pacemaker). */
  pacemaker: NodeGroup;
  /** The node that runs garbd, when there is one (same as `facts.galera.arbitrator`). */
  arbitrator: DesignNode | null;
  /** Whether any option needs a Pacemaker/Corosync cluster. */
  usesPacemaker: boolean;
  facts: ServiceFacts;
  /** Every clustered service with its members and how many must be up. */
  services: ClusterService[];
  /** The node's address on the management network (else its first address, else its SSH host). */
  address(node: DesignNode): string;
  /** The node's NIC and address on a network, if it has one there. */
  nicOn(node: DesignNode, networkId: string): { name: string; address: string | null } | null;
  /** The VIP that fronts a service, if any. */
  vipFor(service: DesignVip['services'][number]): DesignVip | null;
  networkById(id: string): DesignNetwork | null;
  /** The address clients use for a service: its VIP, else the first controller's address. */
  endpointHost(service: DesignVip['services'][number]): string;
}
