/** Address rules: CIDRs, reserved addresses, duplicates, VLANs, VIPs, VRRP ids, MTU, management network. */
import ipaddr from 'ipaddr.js';
import type { DesignNetwork } from '../design/schema';
import { REF } from './references';
import type { Rule, RuleContext, RuleHit } from './types';

/**
 * Numeric value of a dotted-quad IPv4 address. The schema has already checked the format, so a split is
 * enough (ipaddr.js's parser made the address rules 20× slower on 500-node designs).
 */
function toNumber(address: string): number {
  let n = 0;
  for (const part of address.split('.')) n = n * 256 + Number(part);
  return n;
}

/** Memo of {@link cidrRange}: a design has a handful of networks but thousands of addresses to check. */
const ranges = new Map<string, { first: number; last: number; prefix: number }>();

/** First and last address of a CIDR, as numbers. */
export function cidrRange(cidr: string): { first: number; last: number; prefix: number } {
  let range = ranges.get(cidr);
  if (!range) {
    const [net, prefix] = ipaddr.IPv4.parseCIDR(cidr);
    const first = toNumber(net.toString());
    range = { first, last: first + 2 ** (32 - prefix) - 1, prefix };
    if (ranges.size > 10_000) ranges.clear();
    ranges.set(cidr, range);
  }
  return range;
}

/** Every address the design assigns, with who holds it. */
interface Assigned {
  address: string;
  network: string;
  node?: string;
  vip?: string;
  label: string;
}

function assigned(ctx: RuleContext): Assigned[] {
  const out: Assigned[] = [];
  for (const node of ctx.design.nodes)
    for (const nic of node.nics)
      if (nic.address)
        out.push({
          address: nic.address,
          network: nic.network,
          node: node.id,
          label: `${node.hostname} ${nic.name}`,
        });
  for (const vip of ctx.design.vips)
    out.push({ address: vip.address, network: vip.network, vip: vip.id, label: `VIP ${vip.name}` });
  return out;
}

const refs = (a: Assigned) => ({
  nodes: a.node ? [a.node] : [],
  vips: a.vip ? [a.vip] : [],
  networks: [a.network],
});

const outsideCidr: Rule = {
  id: 'address.outside-cidr',
  family: 'addresses',
  severity: 'error',
  why: "An interface only reaches the hosts of a subnet if its address belongs to that subnet. An address outside the network's CIDR is unreachable from its peers and breaks clustering, VIP failover and every service bound to it.",
  reference: REF.hardware,
  check: (ctx) =>
    assigned(ctx).flatMap((a) => {
      const net = ctx.networkById.get(a.network);
      if (!net) return [];
      const r = cidrRange(net.cidr);
      const n = toNumber(a.address);
      if (n >= r.first && n <= r.last) return [];
      return [{ ...refs(a), message: `${a.label} has ${a.address}, outside ${net.name} (${net.cidr}).` }];
    }),
};

const reserved: Rule = {
  id: 'address.reserved',
  family: 'addresses',
  severity: 'error',
  why: "The first address of a subnet names the network and the last is its broadcast address; neither can be given to a host. The gateway's address belongs to the router: a node or VIP using it fights the router for the same address.",
  reference: REF.hardware,
  check: (ctx) =>
    assigned(ctx).flatMap((a): RuleHit[] => {
      const net = ctx.networkById.get(a.network);
      if (!net) return [];
      const r = cidrRange(net.cidr);
      const n = toNumber(a.address);
      const what =
        a.address === net.gateway
          ? 'the gateway address'
          : r.prefix <= 30 && n === r.first
            ? 'the network address'
            : r.prefix <= 30 && n === r.last
              ? 'the broadcast address'
              : null;
      return what
        ? [{ ...refs(a), message: `${a.label} uses ${a.address}, ${what} of ${net.name} (${net.cidr}).` }]
        : [];
    }),
};

const duplicate: Rule = {
  id: 'address.duplicate',
  family: 'addresses',
  severity: 'error',
  why: 'Two interfaces with one address answer ARP for the same IP; traffic goes to whichever answered last. For a VIP this is worse: the address keepalived moves on failover is already held by a node, so clients reach the wrong machine.',
  reference: REF.vip,
  check: (ctx) => {
    const byAddress = new Map<string, Assigned[]>();
    for (const a of assigned(ctx)) byAddress.set(a.address, [...(byAddress.get(a.address) ?? []), a]);
    return [...byAddress.values()]
      .filter((list) => list.length > 1)
      .map((list) => ({
        nodes: list.flatMap((a) => (a.node ? [a.node] : [])),
        vips: list.flatMap((a) => (a.vip ? [a.vip] : [])),
        networks: [...new Set(list.map((a) => a.network))],
        message: `${list[0]!.address} is used ${list.length} times: ${list.map((a) => a.label).join(', ')}.`,
      }));
  },
};

const overlap: Rule = {
  id: 'network.overlap',
  family: 'addresses',
  severity: 'error',
  why: 'When two networks share address space a node cannot tell which interface leads to an address, so routing picks one and traffic for the other network leaves on the wrong wire.',
  reference: REF.hardware,
  check: (ctx) => {
    const nets = ctx.design.networks.map((n) => ({ n, r: cidrRange(n.cidr) }));
    nets.sort((a, b) => a.r.first - b.r.first);
    const hits: RuleHit[] = [];
    for (let i = 0; i < nets.length; i++)
      for (let j = i + 1; j < nets.length && nets[j]!.r.first <= nets[i]!.r.last; j++) {
        const a = nets[i]!.n;
        const b = nets[j]!.n;
        hits.push({
          networks: [a.id, b.id],
          message: `${a.name} (${a.cidr}) overlaps ${b.name} (${b.cidr}).`,
        });
      }
    return hits;
  },
};

const vlanPerNic: Rule = {
  id: 'network.vlan-per-nic',
  family: 'addresses',
  severity: 'error',
  why: 'Networks sharing a physical interface or bond are told apart by their VLAN tag. Two networks with the same tag (or both untagged) on one interface are one broadcast domain, so their traffic mixes.',
  reference: REF.hardware,
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const node of ctx.design.nodes) {
      const seen = new Map<string, DesignNetwork>();
      for (const nic of node.nics) {
        const net = ctx.networkById.get(nic.network);
        if (!net) continue;
        const key = `${nic.name}|${net.vlan ?? 'untagged'}`;
        const other = seen.get(key);
        if (other && other.id !== net.id)
          hits.push({
            nodes: [node.id],
            networks: [other.id, net.id],
            message: `${node.hostname} ${nic.name} carries ${other.name} and ${net.name} both ${net.vlan ? `on VLAN ${net.vlan}` : 'untagged'}.`,
          });
        else seen.set(key, net);
      }
    }
    return hits;
  },
};

const vipNetwork: Rule = {
  id: 'vip.load-balancer-network',
  family: 'addresses',
  severity: 'error',
  why: "keepalived (or Pacemaker's IPaddr2) raises a VIP on an interface of the load balancer that holds it. A VIP on a network none of its load balancers is attached to can never be brought up.",
  reference: REF.vip,
  check: (ctx) => {
    const lbs = ctx.topology.loadBalancers.nodes;
    if (lbs.length === 0) return [];
    return ctx.design.vips.flatMap((vip) => {
      const attached = lbs.filter((lb) => lb.nics.some((nic) => nic.network === vip.network));
      if (attached.length > 0) return [];
      const net = ctx.networkById.get(vip.network);
      return [
        {
          vips: [vip.id],
          networks: [vip.network],
          nodes: lbs.map((l) => l.id),
          message: `VIP ${vip.name} (${vip.address}) is on ${net?.name ?? vip.network}, but no load balancer (${lbs.map((l) => l.hostname).join(', ')}) has a NIC there.`,
        },
      ];
    });
  },
};

const vrrpId: Rule = {
  id: 'vip.vrrp-router-id',
  family: 'addresses',
  severity: 'error',
  why: "VRRP instances on one segment are told apart by virtual_router_id. Two VIPs with the same id on one network join each other's election, and one VIP can end up on the other's master or flap between them.",
  reference: REF.vip,
  check: (ctx) => {
    const seen = new Map<string, string>();
    const hits: RuleHit[] = [];
    for (const vip of ctx.design.vips) {
      if (vip.vrrpRouterId === undefined) continue;
      const key = `${vip.network}|${vip.vrrpRouterId}`;
      const other = seen.get(key);
      if (other)
        hits.push({
          vips: [other, vip.id],
          networks: [vip.network],
          message: `VIPs ${other} and ${vip.id} both use VRRP router id ${vip.vrrpRouterId} on ${vip.network}.`,
        });
      else seen.set(key, vip.id);
    }
    return hits;
  },
};

/** Encapsulation overhead in bytes for each tenant network type (IPv4 outer header). */
export const OVERLAY_OVERHEAD = { vxlan: 50, gre: 42, geneve: 58, vlan: 0 } as const;

const mtu: Rule = {
  id: 'network.overlay-mtu',
  family: 'addresses',
  severity: 'warning',
  why: "Overlay tunnels wrap every instance packet in extra headers (VXLAN adds 50 bytes). If the tenant network's MTU has no room for them, instances must use a smaller MTU than 1500 or their large packets are fragmented or silently dropped. Raising the underlay MTU (jumbo frames) keeps 1500 inside the tenants.",
  reference: REF.l3haDvr,
  check: (ctx) => {
    const o = ctx.design.options;
    const type = o.tenantNetworkType ?? (o.neutron === 'ovn' ? 'geneve' : 'vxlan');
    const overhead = OVERLAY_OVERHEAD[type];
    if (overhead === 0) return [];
    return ctx.design.networks
      .filter((n) => n.purpose === 'tenant' && n.mtu - overhead < 1500)
      .map((n) => ({
        networks: [n.id],
        message: `${n.name} has MTU ${n.mtu}; ${type.toUpperCase()} needs ${overhead} bytes, so instances get MTU ${n.mtu - overhead}. Raise it to ${1500 + overhead} for 1500 inside.`,
      }));
  },
};

const management: Rule = {
  id: 'node.management-network',
  family: 'addresses',
  severity: 'error',
  why: 'Clustering, the message bus, the database and deployment itself run over the management network. A node without an address there cannot join any cluster or be reached by the others.',
  reference: REF.hardware,
  check: (ctx) => {
    if (ctx.design.nodes.length === 0) return [];
    if (ctx.managementNetworks.length === 0)
      return [{ message: `The design has ${ctx.design.nodes.length} nodes but no management network.` }];
    const ids = new Set(ctx.managementNetworks.map((n) => n.id));
    return ctx.design.nodes
      .filter((node) => !node.nics.some((nic) => ids.has(nic.network)))
      .map((node) => ({
        nodes: [node.id],
        networks: [...ids],
        message: `${node.hostname} has no NIC on the management network.`,
      }));
  },
};

/** Addresses family. */
export const addressRules: Rule[] = [
  outsideCidr,
  reserved,
  duplicate,
  overlap,
  vlanPerNic,
  vipNetwork,
  vrrpId,
  mtu,
  management,
];
