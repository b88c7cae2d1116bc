/**
 * Pure edits of the topology: nodes, NICs, networks and VIPs. None mutates its input; each returns a new
 * design (and what it created), or a sentence saying why the edit cannot be made.
 */
import type { Design, DesignNetwork, DesignNode, DesignVip, Role } from './schema';
import { allocateAddress, cidrBounds, ipToNumber, numberToIp } from './allocate';
import { cidrContains, cidrProblem } from './ipv4';
import {
  HOST_GAP_X,
  HOST_GAP_Y,
  HOST_HEIGHT,
  HOSTS_PER_ROW,
  LANE_GAP,
  LANE_HEIGHT,
  LANE_TOP_MARGIN,
  defaultLaneWidth,
  hostPosition,
  lanePosition,
} from './drawing';

/** What an edit made, or why it could not. */
export type EditResult<T = string> =
  { ok: true; design: Design; created: T } | { ok: false; problem: string };

/** The host name stem a new node with `role` gets (`controller` → controller1, controller2 …). */
export const HOSTNAME_STEMS: Record<Role, string> = {
  controller: 'controller',
  compute: 'compute',
  network: 'network',
  database: 'db',
  messaging: 'rabbit',
  'load-balancer': 'lb',
  arbitrator: 'garbd',
  'ceph-mon': 'ceph-mon',
  'ceph-osd': 'ceph-osd',
  gluster: 'gluster',
  monitoring: 'monitor',
  'swift-proxy': 'swift-proxy',
  'swift-storage': 'swift',
};

/** `stem` followed by the lowest number ≥ 1 that no node's host name (or id) uses yet. */
export function nextHostname(
  design: Design,
  stem: string,
  reserved: ReadonlySet<string> = new Set(),
): string {
  const used = new Set(design.nodes.flatMap((n) => [n.hostname.toLowerCase(), n.id]));
  for (let i = 1; ; i++) {
    const name = `${stem}${i}`;
    if (!used.has(name) && !reserved.has(name)) return name;
  }
}

/** A unique id in `taken` derived from `wanted` (lowercased, invalid characters replaced). */
export function uniqueId(wanted: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base =
    wanted
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 56) || 'item';
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The first free slot in the host grid, for a node added without a position. */
export function freeHostSlot(design: Design): { x: number; y: number } {
  const occupied = new Set(
    design.nodes.map((node, index) => {
      const p = hostPosition(design, node.id, index);
      return `${Math.round(p.x / HOST_GAP_X)},${Math.round(p.y / HOST_GAP_Y)}`;
    }),
  );
  for (let i = 0; ; i++) {
    const col = i % HOSTS_PER_ROW;
    const row = Math.floor(i / HOSTS_PER_ROW);
    if (!occupied.has(`${col},${row}`)) return { x: col * HOST_GAP_X, y: row * HOST_GAP_Y };
  }
}

/** Adds a node with `roles` and a generated host name; returns its id. */
export function addNode(design: Design, roles: Role[], position?: { x: number; y: number }): EditResult {
  const stem = HOSTNAME_STEMS[roles[0] ?? 'compute'];
  const hostname = nextHostname(design, stem);
  const id = uniqueId(
    hostname,
    design.nodes.map((n) => n.id),
  );
  const node: DesignNode = { id, hostname, roles: [...new Set(roles)], nics: [] };
  const at = position ?? freeHostSlot(design);
  return {
    ok: true,
    created: id,
    design: {
      ...design,
      nodes: [...design.nodes, node],
      layout: { ...design.layout, nodes: { ...design.layout.nodes, [id]: at } },
    },
  };
}

/** Replaces one node's fields (host name, roles, SSH endpoint, zone); NICs go through the NIC edits. */
export function updateNode(design: Design, id: string, patch: Partial<Omit<DesignNode, 'id'>>): Design {
  return { ...design, nodes: design.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

/** Adds or removes `role` on a node. */
export function toggleRole(design: Design, id: string, role: Role): Design {
  const node = design.nodes.find((n) => n.id === id);
  if (!node) return design;
  const roles = node.roles.includes(role) ? node.roles.filter((r) => r !== role) : [...node.roles, role];
  return updateNode(design, id, { roles });
}

/** The next interface name on a node: eth0, eth1 … (skipping names it already has). */
export function nextNicName(node: DesignNode, stem = 'eth'): string {
  const used = new Set(node.nics.flatMap((nic) => [nic.name, ...(nic.bond?.members ?? [])]));
  for (let i = 0; ; i++) if (!used.has(`${stem}${i}`)) return `${stem}${i}`;
}

/**
 * Connects a node to a network: a new NIC with the next interface name and the next free address of the
 * network. Refuses a second NIC on the same network and reports a full network.
 */
export function connectNode(design: Design, nodeId: string, networkId: string): EditResult<number> {
  const node = design.nodes.find((n) => n.id === nodeId);
  const network = design.networks.find((n) => n.id === networkId);
  if (!node) return { ok: false, problem: `There is no node "${nodeId}".` };
  if (!network) return { ok: false, problem: `There is no network "${networkId}".` };
  if (node.nics.some((nic) => nic.network === networkId)) {
    return { ok: false, problem: `${node.hostname} is already on ${network.name}.` };
  }
  const allocation = allocateAddress(design, networkId);
  if (!allocation.ok) return allocation;
  const nic = { name: nextNicName(node), network: networkId, address: allocation.address };
  return {
    ok: true,
    created: node.nics.length,
    design: updateNode(design, nodeId, { nics: [...node.nics, nic] }),
  };
}

/** Changes one NIC of a node (name, address, bond). */
export function updateNic(
  design: Design,
  nodeId: string,
  index: number,
  patch: Partial<DesignNode['nics'][number]>,
): Design {
  const node = design.nodes.find((n) => n.id === nodeId);
  if (!node || !node.nics[index]) return design;
  const nics = node.nics.map((nic, i) => (i === index ? { ...nic, ...patch } : nic));
  return updateNode(design, nodeId, { nics });
}

/** Removes one NIC from a node. */
export function removeNic(design: Design, nodeId: string, index: number): Design {
  const node = design.nodes.find((n) => n.id === nodeId);
  if (!node || !node.nics[index]) return design;
  return updateNode(design, nodeId, { nics: node.nics.filter((_, i) => i !== index) });
}

/** Default name and CIDR plan per purpose; a clash moves to the next free /24. */
const PURPOSE_DEFAULTS: Record<DesignNetwork['purpose'], { name: string; octet: number }> = {
  management: { name: 'Management', octet: 0 },
  api: { name: 'API / public', octet: 1 },
  tenant: { name: 'Tenant overlay', octet: 2 },
  provider: { name: 'Provider / external', octet: 3 },
  storage: { name: 'Storage', octet: 4 },
  'storage-replication': { name: 'Storage replication', octet: 5 },
  oob: { name: 'Out-of-band (IPMI)', octet: 6 },
};

/** Adds a network for `purpose` with a free 10.x.0.0/24 block, a gateway on .1 and hosts from .10. */
export function addNetwork(design: Design, purpose: DesignNetwork['purpose']): EditResult {
  const defaults = PURPOSE_DEFAULTS[purpose];
  const usedCidrs = new Set(design.networks.map((n) => n.cidr));
  let octet = defaults.octet;
  while (usedCidrs.has(`10.${octet}.0.0/24`) && octet < 255) octet++;
  const prefix = `10.${octet}.0`;
  const id = uniqueId(
    purpose,
    design.networks.map((n) => n.id),
  );
  const sameName = design.networks.filter((n) => n.name.startsWith(defaults.name)).length;
  const network: DesignNetwork = {
    id,
    name: sameName ? `${defaults.name} ${sameName + 1}` : defaults.name,
    purpose,
    cidr: `${prefix}.0/24`,
    mtu: purpose === 'tenant' ? 9000 : 1500,
    gateway: `${prefix}.1`,
    allocation: { start: `${prefix}.10`, end: `${prefix}.250` },
  };
  let y = design.nodes.reduce(
    (bottom, node, i) => Math.max(bottom, hostPosition(design, node.id, i).y + HOST_HEIGHT + LANE_TOP_MARGIN),
    HOST_HEIGHT + LANE_TOP_MARGIN,
  );
  design.networks.forEach((n, i) => {
    y = Math.max(y, lanePosition(design, n.id, i).y + LANE_HEIGHT + LANE_GAP);
  });
  return {
    ok: true,
    created: id,
    design: {
      ...design,
      networks: [...design.networks, network],
      layout: {
        ...design.layout,
        networks: { ...design.layout.networks, [id]: { x: -40, y, width: defaultLaneWidth(design) } },
      },
    },
  };
}

/** Replaces one network's fields (name, purpose, CIDR, VLAN, MTU, gateway, allocation range). */
export function updateNetwork(design: Design, id: string, patch: Partial<Omit<DesignNetwork, 'id'>>): Design {
  return { ...design, networks: design.networks.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

/** Adds a VIP on a network at its next free address, fronting `services`. */
export function addVip(design: Design, networkId: string, services: DesignVip['services'] = []): EditResult {
  const network = design.networks.find((n) => n.id === networkId);
  if (!network) return { ok: false, problem: `There is no network "${networkId}".` };
  const allocation = allocateAddress(design, networkId);
  if (!allocation.ok) return allocation;
  const id = uniqueId(
    `vip-${networkId}`,
    design.vips.map((v) => v.id),
  );
  const count = design.vips.filter((v) => v.network === networkId).length;
  const vip: DesignVip = {
    id,
    name: count ? `${network.name} VIP ${count + 1}` : `${network.name} VIP`,
    network: networkId,
    address: allocation.address,
    services: [...services],
  };
  return { ok: true, created: id, design: { ...design, vips: [...design.vips, vip] } };
}

/** Replaces one VIP's fields. */
export function updateVip(design: Design, id: string, patch: Partial<Omit<DesignVip, 'id'>>): Design {
  return { ...design, vips: design.vips.map((v) => (v.id === id ? { ...v, ...patch } : v)) };
}

/** Ids of the things selected on the canvas. */
export interface Selection {
  nodes: string[];
  networks: string[];
  vips: string[];
}

/** Nothing selected. */
export const EMPTY_SELECTION: Selection = { nodes: [], networks: [], vips: [] };

/**
 * Removes the selected nodes, networks and VIPs. Removing a network also removes the NICs and VIPs on it;
 * removing the arbitrator's node sets the arbitrator back to none. Layout entries go with their items.
 */
export function removeItems(design: Design, selection: Selection): Design {
  const nodes = new Set(selection.nodes);
  const networks = new Set(selection.networks);
  const vips = new Set(selection.vips);
  if (!nodes.size && !networks.size && !vips.size) return design;
  const layoutNodes = { ...design.layout.nodes };
  for (const id of nodes) delete layoutNodes[id];
  const layoutNetworks = { ...design.layout.networks };
  for (const id of networks) delete layoutNetworks[id];
  const arbitrator = design.options.arbitrator;
  return {
    ...design,
    nodes: design.nodes
      .filter((n) => !nodes.has(n.id))
      .map((n) =>
        n.nics.some((nic) => networks.has(nic.network))
          ? { ...n, nics: n.nics.filter((nic) => !networks.has(nic.network)) }
          : n,
      ),
    networks: design.networks.filter((n) => !networks.has(n.id)),
    vips: design.vips.filter((v) => !vips.has(v.id) && !networks.has(v.network)),
    options:
      arbitrator.mode === 'node' && nodes.has(arbitrator.node)
        ? { ...design.options, arbitrator: { mode: 'none' } }
        : design.options,
    layout: { nodes: layoutNodes, networks: layoutNetworks },
  };
}

/** Stores canvas positions of hosts (and lanes); purely visual. */
export function moveItems(
  design: Design,
  hosts: Record<string, { x: number; y: number }>,
  lanes: Record<string, { x: number; y: number }> = {},
): Design {
  // Lanes without a stored place are drawn below the hosts; pin them where they are now, so moving a host
  // does not move (and redraw) every lane.
  const networks = { ...design.layout.networks };
  design.networks.forEach((n, i) => {
    networks[n.id] ??= lanePosition(design, n.id, i);
  });
  for (const [id, p] of Object.entries(lanes)) {
    const index = design.networks.findIndex((n) => n.id === id);
    if (index < 0) continue;
    const current = lanePosition(design, id, index);
    networks[id] = { ...current, x: p.x, y: p.y };
  }
  return {
    ...design,
    layout: { nodes: { ...design.layout.nodes, ...hosts }, networks },
  };
}

/**
 * Changes a network's CIDR and renumbers what lived in the old block (gateway, allocation range, NIC and VIP
 * addresses) to the same offsets in the new one, so `10.0.0.11` in 10.0.0.0/24 becomes `10.9.0.11` in
 * 10.9.0.0/24. An address whose offset does not fit the new block is left as it was (the inspector flags it);
 * a gateway or allocation range that does not fit is dropped.
 */
export function changeNetworkCidr(design: Design, id: string, cidr: string): Design {
  const network = design.networks.find((n) => n.id === id);
  if (!network || network.cidr === cidr) return design;
  if (cidrProblem(network.cidr) || cidrProblem(cidr)) return updateNetwork(design, id, { cidr });
  const from = cidrBounds(network.cidr);
  const to = cidrBounds(cidr);
  const move = (address: string | undefined): string | undefined => {
    if (address === undefined) return undefined;
    const n = ipToNumber(address);
    if (n < from.first || n > from.last) return address;
    const moved = to.first + (n - from.first);
    return moved <= to.last ? numberToIp(moved) : address;
  };
  const inside = (address: string | undefined) => address !== undefined && cidrContains(cidr, address);
  const gateway = move(network.gateway);
  const start = move(network.allocation?.start);
  const end = move(network.allocation?.end);
  const renumbered: DesignNetwork = {
    ...network,
    cidr,
    gateway: inside(gateway) ? gateway : undefined,
    allocation: inside(start) && inside(end) ? { start: start!, end: end! } : undefined,
  };
  if (!renumbered.gateway) delete renumbered.gateway;
  if (!renumbered.allocation) delete renumbered.allocation;
  return {
    ...design,
    networks: design.networks.map((n) => (n.id === id ? renumbered : n)),
    nodes: design.nodes.map((node) =>
      node.nics.some((nic) => nic.network === id)
        ? {
            ...node,
            nics: node.nics.map((nic) => (nic.network === id ? { ...nic, address: move(nic.address) } : nic)),
          }
        : node,
    ),
    vips: design.vips.map((vip) => (vip.network === id ? { ...vip, address: move(vip.address)! } : vip)),
  };
}
