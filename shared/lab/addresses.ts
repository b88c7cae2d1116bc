import ipaddr from 'ipaddr.js';
import { cidrProblem } from '../design/ipv4';

/** The lab bridge's own address is the subnet's first host (`.1`): gateway and NAT for the nodes. */
export const LAB_GATEWAY_OFFSET = 1;
/** Nodes get consecutive addresses from `.11`, leaving `.2`–`.10` for things a later lab may add. */
export const LAB_FIRST_NODE_OFFSET = 11;
/** VIPs moved into the lab subnet get addresses from `.200` upwards, away from the nodes. */
export const LAB_FIRST_VIP_OFFSET = 200;
/** At most this many nodes: each idle node costs ~50 MiB, a loaded one ~250 MiB (LAB-NOTES.md). */
export const LAB_MAX_NODES = 32;
/** The default pool the lab picks its /24 from: `10.117.0.0/16` is rarely used by real networks. */
export const LAB_SUBNET_POOL = '10.117.0.0/16';

function toNumber(address: string): number {
  return ipaddr.IPv4.parse(address)
    .toByteArray()
    .reduce((n, byte) => n * 256 + byte, 0);
}

function fromNumber(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function range(cidr: string): { first: number; last: number } {
  const [net, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const first = toNumber(net.toString()) - (toNumber(net.toString()) % 2 ** (32 - prefix));
  return { first, last: first + 2 ** (32 - prefix) - 1 };
}

/** True when two IPv4 CIDRs (or single addresses, as `/32`) share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const ra = range(a.includes('/') ? a : `${a}/32`);
  const rb = range(b.includes('/') ? b : `${b}/32`);
  return ra.first <= rb.last && rb.first <= ra.last;
}

/** The addresses a lab on `subnet` uses. */
export interface LabAddressPlan {
  subnet: string;
  prefix: number;
  /** The bridge's address, the nodes' default gateway. */
  gateway: string;
  /** One address per node, in node order. */
  nodes: string[];
  /** Addresses free for VIPs, in order. */
  vipPool: string[];
}

/**
 * Why `subnet` cannot hold a lab, or null. It must be a private (RFC 1918) IPv4 network: tests and the
 * lab may only send traffic to networks created on this machine, never to someone else's addresses.
 */
export function labSubnetProblem(subnet: string): string | null {
  const problem = cidrProblem(subnet);
  if (problem) return problem;
  const [net, prefix] = ipaddr.IPv4.parseCIDR(subnet);
  if (net.range() !== 'private') return `${subnet} is not a private network (10/8, 172.16/12, 192.168/16)`;
  if (prefix < 16 || prefix > 24) return `${subnet}: the prefix must be between /16 and /24`;
  return null;
}

/** The gateway, node and VIP addresses of a lab with `count` nodes on `subnet` (checked first). */
export function labAddressPlan(subnet: string, count: number): LabAddressPlan {
  const problem = labSubnetProblem(subnet);
  if (problem) throw new Error(problem);
  if (!Number.isInteger(count) || count < 1 || count > LAB_MAX_NODES)
    throw new Error(`a lab has 1 to ${LAB_MAX_NODES} nodes, not ${count}`);
  const { first } = range(subnet);
  const prefix = Number(subnet.split('/')[1]);
  return {
    subnet,
    prefix,
    gateway: fromNumber(first + LAB_GATEWAY_OFFSET),
    nodes: Array.from({ length: count }, (_, i) => fromNumber(first + LAB_FIRST_NODE_OFFSET + i)),
    vipPool: Array.from({ length: 50 }, (_, i) => fromNumber(first + LAB_FIRST_VIP_OFFSET + i)),
  };
}

/**
 * The first /24 of `pool` that overlaps none of `taken` (the host's routes and addresses, other labs'
 * subnets), or null when the pool is exhausted.
 */
export function pickLabSubnet(taken: readonly string[], pool = LAB_SUBNET_POOL): string | null {
  const { first, last } = range(pool);
  for (let start = first; start + 255 <= last; start += 256) {
    const candidate = `${fromNumber(start)}/24`;
    if (!taken.some((t) => cidrsOverlap(candidate, t))) return candidate;
  }
  return null;
}
