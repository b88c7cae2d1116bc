/**
 * A read-only view of a design shaped for rendering and planning: which nodes run which cluster, each
 * node's addresses, the VIP of each service and the distro profile. Built once per compile.
 */
import type { Design, DesignNetwork, DesignNode, DesignVip, Role } from '../design/schema';
import { type DistroProfile, distroProfile } from './distro';

/** Nodes that run one cluster, with the role a plan step selects them by. */
export interface NodeGroup {
  role: Role;
  nodes: DesignNode[];
}

/** Everything the renderers and the compiler derive from a design. */
export interface RenderContext {
  design: Design;
  distro: DistroProfile;
  /** A name for clusters (corosync, RabbitMQ, Galera), derived from the design name. */
  clusterName: string;
  controllers: NodeGroup;
  database: NodeGroup;
  messaging: NodeGroup;
  loadBalancers: NodeGroup;
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
  /** Nodes of the Pacemaker cluster (when Pacemaker is used at all). */
  pacemaker: NodeGroup;
  /** The node that runs garbd, when there is one. */
  arbitrator: DesignNode | null;
  /** Whether any option needs a Pacemaker/Corosync cluster. */
  usesPacemaker: boolean;
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

function group(design: Design, preferred: Role, fallback: Role | null): NodeGroup {
  const own = design.nodes.filter((n) => n.roles.includes(preferred));
  if (own.length > 0 || fallback === null) return { role: preferred, nodes: own };
  return { role: fallback, nodes: design.nodes.filter((n) => n.roles.includes(fallback)) };
}

/** Lowercase letters, digits and "-" only, at most 32 characters (corosync's cluster_name limit). */
export function clusterNameOf(designName: string): string {
  const slug = designName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return slug || 'openstack';
}

/** Builds the render context of a design (pure, O(nodes × nics)). */
export function renderContext(design: Design): RenderContext {
  const networks = new Map(design.networks.map((n) => [n.id, n]));
  const management = design.networks.find((n) => n.purpose === 'management') ?? null;
  const addresses = new Map<string, string>();
  for (const node of design.nodes) {
    const onManagement = management
      ? node.nics.find((nic) => nic.network === management.id && nic.address)
      : undefined;
    const address =
      onManagement?.address ??
      node.nics.find((nic) => nic.address)?.address ??
      node.ssh?.host ??
      node.hostname;
    addresses.set(node.id, address);
  }
  const o = design.options;
  const usesPacemaker =
    o.database !== 'galera-haproxy' ||
    o.loadBalancer === 'pacemaker-haproxy' ||
    o.messaging.mode === 'pacemaker' ||
    o.messaging.mode === 'drbd';
  const arbitratorId =
    o.arbitrator.mode === 'node'
      ? o.arbitrator.node
      : design.nodes.find((n) => n.roles.includes('arbitrator'))?.id;
  const controllers = group(design, 'controller', null);
  const ctx: RenderContext = {
    design,
    distro: distroProfile(design.distro),
    clusterName: clusterNameOf(design.name),
    controllers,
    database: group(design, 'database', 'controller'),
    messaging: group(design, 'messaging', 'controller'),
    loadBalancers: group(design, 'load-balancer', 'controller'),
    network: group(design, 'network', 'controller'),
    compute: group(design, 'compute', null),
    cephMon: group(design, 'ceph-mon', null),
    cephOsd: group(design, 'ceph-osd', null),
    gluster: group(design, 'gluster', null),
    swiftStorage: group(design, 'swift-storage', null),
    swiftProxy: design.nodes.some((n) => n.roles.includes('swift-storage'))
      ? group(design, 'swift-proxy', 'controller')
      : { role: 'swift-proxy', nodes: [] },
    monitoring: group(design, 'monitoring', null),
    pacemaker: controllers,
    arbitrator: design.nodes.find((n) => n.id === arbitratorId) ?? null,
    usesPacemaker,
    address: (node) => addresses.get(node.id) ?? node.hostname,
    nicOn(node, networkId) {
      const nic = node.nics.find((n) => n.network === networkId);
      return nic ? { name: nic.name, address: nic.address ?? null } : null;
    },
    vipFor: (service) => design.vips.find((v) => v.services.includes(service)) ?? null,
    networkById: (id) => networks.get(id) ?? null,
    endpointHost(service) {
      const vip = ctx.vipFor(service);
      if (vip) return vip.address;
      const first = controllers.nodes[0];
      return first ? ctx.address(first) : 'controller';
    },
  };
  return ctx;
}

/** The prefix length of a CIDR ("10.0.0.0/24" → 24). */
export function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1] ?? 32);
}
