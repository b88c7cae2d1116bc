/**
 * The clustered services a design implies: which nodes run or vote for each, and how many of them must be
 * up for it to work. Rules (SPOF, quorum, zones) and the failure simulation both read this one view, so
 * they cannot disagree about who is a member of what.
 */
import type { Design, DesignNode, Role } from './schema';

/** Stable ids of the services Quorum models. */
export type ServiceId =
  | 'galera'
  | 'mysql-drbd'
  | 'rabbitmq'
  | 'pacemaker'
  | 'load-balancer'
  | 'api'
  | 'memcached'
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

/** floor(n/2)+1: the smallest majority of n voters. */
export function quorumOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Nodes carrying `role`, in design order. */
export function nodesWithRole(design: Design, role: Role): DesignNode[] {
  return design.nodes.filter((n) => n.roles.includes(role));
}

const ids = (nodes: DesignNode[]) => nodes.map((n) => n.id);

/** Dedicated hosts for a role, else the controllers (the HA guide runs Galera and RabbitMQ on controllers). */
function hostsFor(design: Design, role: Role): DesignNode[] {
  const dedicated = nodesWithRole(design, role);
  return dedicated.length > 0 ? dedicated : nodesWithRole(design, 'controller');
}

/** Nodes running the Galera data nodes (dedicated database hosts, else controllers). */
export function galeraDataNodes(design: Design): DesignNode[] {
  return hostsFor(design, 'database');
}

/** The node running garbd, when the design has one. */
export function arbitratorNode(design: Design): DesignNode | undefined {
  const a = design.options.arbitrator;
  return a.mode === 'node' ? design.nodes.find((n) => n.id === a.node) : undefined;
}

/** Nodes running RabbitMQ (dedicated messaging hosts, else controllers). */
export function rabbitNodes(design: Design): DesignNode[] {
  return hostsFor(design, 'messaging');
}

/** Nodes running HAProxy and holding VIPs (load-balancer nodes, else controllers). */
export function loadBalancerNodes(design: Design): DesignNode[] {
  return hostsFor(design, 'load-balancer');
}

/** Nodes running Neutron L3 and DHCP agents (network nodes, else controllers). */
export function networkAgentNodes(design: Design): DesignNode[] {
  return hostsFor(design, 'network');
}

/** True when the design runs anything under Pacemaker. */
export function usesPacemaker(design: Design): boolean {
  const o = design.options;
  return (
    o.database !== 'galera-haproxy' ||
    o.messaging.mode === 'pacemaker' ||
    o.messaging.mode === 'drbd' ||
    o.loadBalancer === 'pacemaker-haproxy'
  );
}

/** Nodes in the Corosync/Pacemaker cluster: every host of a Pacemaker-managed service. */
export function pacemakerNodes(design: Design): DesignNode[] {
  if (!usesPacemaker(design)) return [];
  const o = design.options;
  const members = new Set<string>(ids(nodesWithRole(design, 'controller')));
  if (o.database !== 'galera-haproxy') ids(galeraDataNodes(design)).forEach((id) => members.add(id));
  if (o.messaging.mode === 'pacemaker' || o.messaging.mode === 'drbd')
    ids(rabbitNodes(design)).forEach((id) => members.add(id));
  if (o.loadBalancer === 'pacemaker-haproxy') ids(loadBalancerNodes(design)).forEach((id) => members.add(id));
  return design.nodes.filter((n) => members.has(n.id));
}

/** True when any storage choice uses Ceph. */
export function usesCeph(design: Design): boolean {
  const s = design.options.storage;
  return s.images === 'ceph' || s.volumes === 'ceph' || s.instances === 'ceph';
}

/** True when any storage choice uses GlusterFS. */
export function usesGluster(design: Design): boolean {
  const s = design.options.storage;
  return s.images === 'gluster' || s.volumes === 'gluster' || s.instances === 'gluster';
}

/** The Ceph pool size the design asks for (default 3, Ceph's `osd_pool_default_size`). */
export function cephPoolSize(design: Design): number {
  return design.options.cephPoolSize ?? 3;
}

/** The GlusterFS replica count (explicit, else one per gluster node up to 3). */
export function glusterReplica(design: Design): number {
  return design.options.gluster?.replica ?? Math.min(3, Math.max(1, nodesWithRole(design, 'gluster').length));
}

function service(
  id: ServiceId,
  label: string,
  kind: ServiceKind,
  members: DesignNode[],
  required: number,
  impact: string,
  controlPlane: boolean,
  dataMembers: DesignNode[] = members,
): ClusterService {
  return {
    id,
    label,
    kind,
    members: ids(members),
    dataMembers: ids(dataMembers),
    required,
    impact,
    controlPlane,
  };
}

/**
 * Every clustered service the design implies, with its members and how many must be up. Services with no
 * member (no compute nodes, no Ceph) are left out.
 */
export function clusterServices(design: Design): ClusterService[] {
  const o = design.options;
  const out: ClusterService[] = [];
  const controllers = nodesWithRole(design, 'controller');
  const data = galeraDataNodes(design);
  if (o.database === 'drbd-mysql') {
    out.push(
      service(
        'mysql-drbd',
        'MySQL on DRBD',
        'active-passive',
        data,
        1,
        'every OpenStack API (no database)',
        true,
      ),
    );
  } else {
    const garbd = arbitratorNode(design);
    const voters = garbd && !data.some((d) => d.id === garbd.id) ? [...data, garbd] : data;
    out.push(
      service(
        'galera',
        'Galera (MariaDB)',
        'quorum',
        voters,
        quorumOf(voters.length),
        'every OpenStack API (no database)',
        true,
        data,
      ),
    );
  }
  const rabbits = rabbitNodes(design);
  const m = o.messaging;
  out.push(
    service(
      'rabbitmq',
      'RabbitMQ',
      m.mode === 'quorum-queues' ? 'quorum' : m.mode === 'drbd' ? 'active-passive' : 'active-active',
      rabbits,
      m.mode === 'quorum-queues' ? quorumOf(rabbits.length) : 1,
      'RPC between services: scheduling, ports, volumes attach',
      true,
    ),
  );
  const pacemaker = pacemakerNodes(design);
  if (pacemaker.length > 0) {
    out.push(
      service(
        'pacemaker',
        'Corosync/Pacemaker',
        'quorum',
        pacemaker,
        // no-quorum-policy=ignore, or corosync two_node on a two-node cluster, keeps resources with one node.
        o.cluster?.noQuorumPolicy === 'ignore' || (o.cluster?.twoNode && pacemaker.length === 2)
          ? 1
          : quorumOf(pacemaker.length),
        'every resource Pacemaker manages (stopped without quorum)',
        true,
      ),
    );
  }
  out.push(
    service(
      'load-balancer',
      o.loadBalancer === 'pacemaker-haproxy' ? 'HAProxy (Pacemaker VIPs)' : 'HAProxy + keepalived',
      'active-passive',
      loadBalancerNodes(design),
      1,
      'every VIP, so every API endpoint',
      true,
    ),
  );
  out.push(
    service('api', 'OpenStack API services', 'active-active', controllers, 1, 'the control plane', true),
  );
  out.push(
    service(
      'memcached',
      'Memcached',
      'active-active',
      controllers,
      1,
      'Keystone token caching (slow APIs)',
      false,
    ),
  );
  const agents = networkAgentNodes(design);
  if (o.neutron !== 'ovn') {
    out.push(
      service(
        'l3-agent',
        'Neutron L3 agents',
        o.neutron === 'ovs-legacy' ? 'active-passive' : 'active-active',
        agents,
        1,
        'routing and floating IPs of tenant networks',
        false,
      ),
    );
  }
  out.push(
    service('dhcp-agent', 'Neutron DHCP agents', 'active-active', agents, 1, 'DHCP for instances', false),
  );
  if (usesCeph(design)) {
    const mons = nodesWithRole(design, 'ceph-mon');
    if (mons.length > 0)
      out.push(
        service('ceph-mon', 'Ceph monitors', 'quorum', mons, quorumOf(mons.length), 'all Ceph I/O', false),
      );
    const osds = nodesWithRole(design, 'ceph-osd');
    const size = cephPoolSize(design);
    if (osds.length > 0)
      out.push(
        service(
          'ceph-osd',
          'Ceph OSD hosts',
          'active-active',
          osds,
          // Ceph's default min_size = size - floor(size/2): fewer replicas up and PGs stop serving I/O.
          Math.min(osds.length, size - Math.floor(size / 2)),
          'images, volumes or instance disks on Ceph',
          false,
        ),
      );
  }
  if (usesGluster(design)) {
    const bricks = nodesWithRole(design, 'gluster');
    if (bricks.length > 0)
      out.push(
        service(
          'gluster',
          'GlusterFS',
          o.gluster?.clientQuorum ? 'quorum' : 'active-active',
          bricks,
          o.gluster?.clientQuorum ? quorumOf(bricks.length) : 1,
          'storage on GlusterFS',
          false,
        ),
      );
  }
  const computes = nodesWithRole(design, 'compute');
  if (computes.length > 0)
    out.push(service('compute', 'Nova compute', 'active-active', computes, 1, 'running instances', false));
  return out;
}
