import { cidrContains } from '../design/ipv4';
import { createDesign, Design, type DesignNetwork, type DesignNode } from '../design/schema';
import { labAddressPlan } from './addresses';

/** The interface name systemd-nspawn gives a node's end of the lab bridge's veth pair. */
export const LAB_NIC_NAME = 'host0';

/** Lab names: short, because the bridge is `qlab-<name>` and Linux interface names stop at 15 bytes. */
export const LAB_NAME_PATTERN = /^[a-z][a-z0-9]{0,9}$/;

/** Why `name` cannot name a lab, or null. */
export function labNameProblem(name: string): string | null {
  return LAB_NAME_PATTERN.test(name)
    ? null
    : `lab name "${name}": use 1–10 lowercase letters and digits, starting with a letter`;
}

/** One lab node as the design sees it. */
export interface LabNodeEndpoint {
  hostname: string;
  address: string;
}

/** What a running lab offers a design: its subnet and a reachable root SSH endpoint per node. */
export interface LabTopology {
  name: string;
  subnet: string;
  gateway: string;
  /** Path of the private key that logs in as root on every node. */
  identityFile: string;
  nodes: LabNodeEndpoint[];
}

/**
 * The host names of a lab with `count` nodes for `design`: the design's nodes in order (so a deployment
 * finds the names it planned with), then `<lab>-<n>` for nodes the design does not have yet.
 * `count` defaults to the design's node count, or 3 (the smallest cluster that keeps quorum).
 */
export function labHostnames(design: Design | null, labName: string, count?: number): string[] {
  const designed = design?.nodes.map((n) => n.hostname.toLowerCase()) ?? [];
  const total = count ?? (designed.length > 0 ? designed.length : 3);
  const names: string[] = designed.slice(0, total);
  for (let n = 1; names.length < total; n++) {
    const candidate = `${labName}-${n}`;
    if (!names.includes(candidate) && !designed.includes(candidate)) names.push(candidate);
  }
  return names;
}

function freeId(base: string, taken: Set<string>): string {
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 60) || 'node';
  let id = clean;
  for (let n = 2; taken.has(id); n++) id = `${clean}-${n}`;
  taken.add(id);
  return id;
}

/**
 * The design updated to point at a lab (a new design when `existing` is null):
 * - its management network (the first one with that purpose, else a new one) takes the lab subnet and
 *   gateway; an allocation range outside the subnet is dropped;
 * - each lab node's design node (matched by host name; new nodes are controllers) gets root SSH to the
 *   node's address with the lab key, and one NIC `host0` on the management network with that address,
 *   replacing its other NICs on that network;
 * - VIPs on the management network that lie outside the subnet move to free addresses in it.
 * Everything else in the design is kept as it was.
 */
export function labDesign(existing: Design | null, lab: LabTopology): Design {
  const design = JSON.parse(JSON.stringify(existing ?? createDesign(`Lab ${lab.name}`))) as Design;
  const plan = labAddressPlan(lab.subnet, Math.max(lab.nodes.length, 1));

  let network: DesignNetwork | undefined = design.networks.find((n) => n.purpose === 'management');
  if (!network) {
    network = {
      id: freeId('management', new Set(design.networks.map((n) => n.id))),
      name: `Lab ${lab.name} management`,
      purpose: 'management',
      cidr: lab.subnet,
      mtu: 1500,
    };
    design.networks.push(network);
  }
  network.cidr = lab.subnet;
  network.gateway = lab.gateway;
  if (
    network.allocation &&
    !(cidrContains(lab.subnet, network.allocation.start) && cidrContains(lab.subnet, network.allocation.end))
  ) {
    delete network.allocation;
  }
  const networkId = network.id;

  const nodeIds = new Set(design.nodes.map((n) => n.id));
  for (const labNode of lab.nodes) {
    let node: DesignNode | undefined = design.nodes.find(
      (n) => n.hostname.toLowerCase() === labNode.hostname.toLowerCase(),
    );
    if (!node) {
      node = {
        id: freeId(labNode.hostname, nodeIds),
        hostname: labNode.hostname,
        roles: ['controller'],
        nics: [],
      };
      design.nodes.push(node);
    }
    node.ssh = { host: labNode.address, port: 22, user: 'root', identityFile: lab.identityFile };
    node.nics = [
      { name: LAB_NIC_NAME, network: networkId, address: labNode.address },
      ...node.nics.filter((nic) => nic.network !== networkId),
    ];
  }

  const used = new Set([lab.gateway, ...lab.nodes.map((n) => n.address)]);
  for (const vip of design.vips) if (vip.network === networkId) used.add(vip.address);
  const free = plan.vipPool.filter((a) => !used.has(a));
  for (const vip of design.vips) {
    if (vip.network !== networkId || cidrContains(lab.subnet, vip.address)) continue;
    const address = free.shift();
    if (!address) throw new Error(`no free address left in ${lab.subnet} for VIP ${vip.id}`);
    vip.address = address;
  }
  return Design.parse(design);
}
