/**
 * `resolveTopology(design)`: the one reading of a design. Node groups, each service's facts and the
 * clustered-service list are derived here once; nothing downstream re-derives who runs what.
 */
import type { Design, DesignNode, Role } from '../design/schema';
import { distroProfile } from '../render/distro';
import { releaseFacts } from './release';
import { clusterNameOf, nodesWithRole, quorumOf } from './basics';
import { clusterServicesOf } from './services';
import type {
  CephFacts,
  GaleraFacts,
  NeutronFacts,
  NodeGroup,
  PacemakerFacts,
  RabbitFacts,
  ServiceFacts,
  ServiceId,
  Topology,
} from './types';

/** Dedicated hosts for a role, else the controllers (the HA guide runs Galera and RabbitMQ on controllers). */
function group(design: Design, preferred: Role, fallback: Role | null): NodeGroup {
  const own = nodesWithRole(design, preferred);
  if (own.length > 0 || fallback === null) return { role: preferred, nodes: own };
  return { role: fallback, nodes: nodesWithRole(design, fallback) };
}

function union(design: Design, groups: DesignNode[][]): DesignNode[] {
  const ids = new Set(groups.flat().map((n) => n.id));
  return design.nodes.filter((n) => ids.has(n.id));
}

function galeraFacts(design: Design, data: DesignNode[]): GaleraFacts {
  const o = design.options;
  const a = o.arbitrator;
  const chosen =
    o.database !== 'drbd-mysql' && a.mode === 'node'
      ? (design.nodes.find((n) => n.id === a.node) ?? null)
      : null;
  // garbd on a data node would add no independent vote (and collide with mariadbd's ports): not deployed;
  // the arbitrator rules say why.
  const arbitrator = chosen && !data.some((d) => d.id === chosen.id) ? chosen : null;
  const voters = arbitrator ? [...data, arbitrator] : data;
  return {
    mode: o.database,
    dataNodes: data,
    chosenArbitrator: chosen,
    arbitrator,
    voters,
    expectedSize: o.database === 'drbd-mysql' ? 1 : voters.length,
    bootstrap: data[0] ?? null,
    pacemakerManaged: o.database !== 'galera-haproxy',
  };
}

function rabbitFacts(design: Design, nodes: DesignNode[]): RabbitFacts {
  const mode = design.options.messaging.mode;
  const n = nodes.length;
  const partitionHandling = mode === 'drbd' || n <= 1 ? 'ignore' : n === 2 ? 'autoheal' : 'pause_minority';
  const quorumQueues = mode === 'quorum-queues';
  return {
    mode,
    nodes,
    partitionHandling,
    required: mode === 'drbd' ? 1 : quorumQueues || partitionHandling === 'pause_minority' ? quorumOf(n) : 1,
    quorumQueues,
  };
}

function pacemakerFacts(
  design: Design,
  groups: Record<'database' | 'messaging' | 'lb', DesignNode[]>,
): PacemakerFacts {
  const o = design.options;
  const managed: ServiceId[] = [];
  if (o.database === 'galera-pacemaker') managed.push('galera');
  if (o.database === 'drbd-mysql') managed.push('mysql-drbd');
  if (o.messaging.mode === 'pacemaker' || o.messaging.mode === 'drbd') managed.push('rabbitmq');
  if (o.loadBalancer === 'pacemaker-haproxy') managed.push('load-balancer');
  const used = managed.length > 0;
  const controllers = nodesWithRole(design, 'controller');
  const nodes = used
    ? union(design, [
        controllers,
        o.database !== 'galera-haproxy' ? groups.database : [],
        managed.includes('rabbitmq') ? groups.messaging : [],
        managed.includes('load-balancer') ? groups.lb : [],
      ])
    : [];
  const twoNode = (o.cluster?.twoNode ?? false) && nodes.length === 2;
  const noQuorumPolicy = o.cluster?.noQuorumPolicy ?? 'stop';
  return {
    used,
    nodes,
    twoNode,
    noQuorumPolicy,
    required: noQuorumPolicy === 'ignore' || twoNode ? Math.min(1, nodes.length) : quorumOf(nodes.length),
    managed,
  };
}

function neutronFacts(design: Design, agents: DesignNode[], controllers: DesignNode[]): NeutronFacts {
  const o = design.options;
  const ovn = o.neutron === 'ovn';
  const n = Math.max(1, agents.length);
  const tenantNetworkType = o.tenantNetworkType ?? (ovn ? 'geneve' : 'vxlan');
  const overlay = tenantNetworkType !== 'vlan';
  const l2Population = !ovn && overlay && (o.l2Population ?? true);
  const replicated = o.neutron === 'ovs-l3ha' || (o.neutron === 'ovs-dvr' && agents.length > 1);
  return {
    mode: o.neutron,
    agentNodes: agents,
    dhcpAgentsPerNetwork: o.dhcpAgentsPerNetwork ?? Math.min(2, n),
    maxL3AgentsPerRouter: replicated ? (o.maxL3AgentsPerRouter ?? Math.min(3, n)) : null,
    tenantNetworkType,
    typeDrivers: ['flat', 'vlan', ...(tenantNetworkType === 'vlan' ? [] : [tenantNetworkType])],
    mechanismDrivers: ovn ? ['ovn'] : ['openvswitch', ...(l2Population ? ['l2population'] : [])],
    l2Population,
    tunnelTypes: ovn || !overlay ? [] : [tenantNetworkType],
    ovnCentral: ovn ? controllers : [],
  };
}

function cephFacts(design: Design, address: (node: DesignNode) => string): CephFacts {
  const s = design.options.storage;
  const used = s.images === 'ceph' || s.volumes === 'ceph' || s.instances === 'ceph';
  const mons = nodesWithRole(design, 'ceph-mon');
  const osds = nodesWithRole(design, 'ceph-osd');
  // Ceph's own default; fewer OSD hosts than this is an error the storage rules explain.
  const size = design.options.cephPoolSize ?? 3;
  const publicNetwork =
    design.networks.find((n) => n.purpose === 'storage') ??
    design.networks.find((n) => n.purpose === 'management') ??
    null;
  return {
    used,
    mons,
    osds,
    size,
    minSize: size - Math.floor(size / 2),
    publicNetwork,
    clusterNetwork: design.networks.find((n) => n.purpose === 'storage-replication') ?? null,
    monAddress(node) {
      const nic = publicNetwork
        ? node.nics.find((x) => x.network === publicNetwork.id && x.address)
        : undefined;
      return nic?.address ?? address(node);
    },
  };
}

/** The resolved topology of a design (pure, O(nodes × nics)). */
export function resolveTopology(design: Design): Topology {
  const networks = new Map(design.networks.map((n) => [n.id, n]));
  const management = design.networks.find((n) => n.purpose === 'management') ?? null;
  const addresses = new Map<string, string>();
  for (const node of design.nodes) {
    const onManagement = management
      ? node.nics.find((nic) => nic.network === management.id && nic.address)
      : undefined;
    addresses.set(
      node.id,
      onManagement?.address ??
        node.nics.find((nic) => nic.address)?.address ??
        node.ssh?.host ??
        node.hostname,
    );
  }
  const address = (node: DesignNode) => addresses.get(node.id) ?? node.hostname;
  const controllers = group(design, 'controller', null);
  const database = group(design, 'database', 'controller');
  const messaging = group(design, 'messaging', 'controller');
  const loadBalancers = group(design, 'load-balancer', 'controller');
  const network = group(design, 'network', 'controller');
  const galera = galeraFacts(design, database.nodes);
  const pacemaker = pacemakerFacts(design, {
    database: database.nodes,
    messaging: messaging.nodes,
    lb: loadBalancers.nodes,
  });
  const gluster = nodesWithRole(design, 'gluster');
  const s = design.options.storage;
  const holders = new Map(
    design.vips.map((vip) => {
      const onNet = loadBalancers.nodes.filter((lb) => lb.nics.some((nic) => nic.network === vip.network));
      return [vip.id, onNet.length > 0 ? onNet : loadBalancers.nodes];
    }),
  );
  const routerIds = new Map(
    design.vips.map((vip, index) => [vip.id, vip.vrrpRouterId ?? 51 + (index % 200)]),
  );
  const facts: ServiceFacts = {
    loadBalancer: {
      nodes: loadBalancers.nodes,
      holders: (vip) => holders.get(vip.id) ?? loadBalancers.nodes,
      routerId: (vip) => routerIds.get(vip.id) ?? 51,
    },
    galera,
    rabbitmq: rabbitFacts(design, messaging.nodes),
    pacemaker,
    neutron: neutronFacts(design, network.nodes, controllers.nodes),
    ceph: cephFacts(design, address),
    gluster: {
      used: s.images === 'gluster' || s.volumes === 'gluster' || s.instances === 'gluster',
      nodes: gluster,
      replica: design.options.gluster?.replica ?? Math.min(3, Math.max(1, gluster.length)),
      serverQuorum: design.options.gluster?.serverQuorum ?? false,
      clientQuorum: design.options.gluster?.clientQuorum ?? false,
    },
    memcached: { nodes: controllers.nodes, mode: design.options.memcached },
  };
  const topology: Topology = {
    design,
    distro: distroProfile(design.distro),
    release: releaseFacts(design.release, design.distro),
    clusterName: clusterNameOf(design.name),
    controllers,
    database,
    messaging,
    loadBalancers,
    network,
    compute: group(design, 'compute', null),
    cephMon: group(design, 'ceph-mon', null),
    cephOsd: group(design, 'ceph-osd', null),
    gluster: group(design, 'gluster', null),
    swiftStorage: group(design, 'swift-storage', null),
    swiftProxy: design.nodes.some((n) => n.roles.includes('swift-storage'))
      ? group(design, 'swift-proxy', 'controller')
      : { role: 'swift-proxy', nodes: [] },
    monitoring: group(design, 'monitoring', null),
    pacemaker: { role: 'controller', nodes: pacemaker.nodes },
    arbitrator: galera.arbitrator,
    usesPacemaker: pacemaker.used,
    facts,
    services: [],
    address,
    nicOn(node, networkId) {
      const nic = node.nics.find((n) => n.network === networkId);
      return nic ? { name: nic.name, address: nic.address ?? null } : null;
    },
    vipFor: (service) => design.vips.find((v) => v.services.includes(service)) ?? null,
    networkById: (id) => networks.get(id) ?? null,
    endpointHost(service) {
      const vip = topology.vipFor(service);
      if (vip) return vip.address;
      const first = controllers.nodes[0];
      return first ? address(first) : 'controller';
    },
  };
  topology.services = clusterServicesOf(topology);
  return topology;
}
