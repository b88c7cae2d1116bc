/**
 * IPv4 address allocation for NICs and VIPs: the next free address in a network's allocation range,
 * skipping the network and broadcast addresses, the gateway, every VIP and every NIC address already there.
 */
import ipaddr from 'ipaddr.js';
import type { Design, DesignNetwork } from './schema';
import { cidrProblem } from './ipv4';

/** An IPv4 address as an unsigned 32-bit number. */
export function ipToNumber(address: string): number {
  return ipaddr.IPv4.parse(address).octets.reduce((n, octet) => n * 256 + octet, 0);
}

/** An unsigned 32-bit number as a dotted-quad IPv4 address. */
export function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The first and last address of a CIDR block, as numbers. */
export function cidrBounds(cidr: string): { first: number; last: number; prefix: number } {
  const [net, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const first = ipToNumber(net.toString());
  return { first, last: first + 2 ** (32 - prefix) - 1, prefix };
}

/**
 * The addresses hosts may use on a network: its allocation range when it has one, clipped to the CIDR,
 * otherwise the whole block minus the network and broadcast addresses (/31 and /32 have neither, RFC 3021).
 */
export function usableRange(network: DesignNetwork): { first: number; last: number } {
  const { first, last, prefix } = cidrBounds(network.cidr);
  let low = prefix >= 31 ? first : first + 1;
  let high = prefix >= 31 ? last : last - 1;
  if (network.allocation) {
    low = Math.max(low, ipToNumber(network.allocation.start));
    high = Math.min(high, ipToNumber(network.allocation.end));
  }
  return { first: low, last: high };
}

/** Who holds an address on a network: a NIC (`node/nic`), a VIP, or the gateway. */
export interface AddressHolder {
  kind: 'nic' | 'vip' | 'gateway';
  /** Node id for a NIC, VIP id for a VIP, network id for the gateway. */
  id: string;
  /** Human-readable name: `controller1 eth0`, `VIP api`, `gateway`. */
  label: string;
}

/** Every address taken on `networkId` and by whom. */
export function addressesInUse(design: Design, networkId: string): Map<string, AddressHolder> {
  const taken = new Map<string, AddressHolder>();
  const network = design.networks.find((n) => n.id === networkId);
  if (network?.gateway) taken.set(network.gateway, { kind: 'gateway', id: network.id, label: 'the gateway' });
  for (const vip of design.vips) {
    if (vip.network === networkId)
      taken.set(vip.address, { kind: 'vip', id: vip.id, label: `VIP ${vip.name}` });
  }
  for (const node of design.nodes) {
    for (const nic of node.nics) {
      if (nic.network === networkId && nic.address) {
        taken.set(nic.address, { kind: 'nic', id: node.id, label: `${node.hostname} ${nic.name}` });
      }
    }
  }
  return taken;
}

/** The result of an allocation: an address, or a sentence saying why there is none. */
export type Allocation = { ok: true; address: string } | { ok: false; problem: string };

/**
 * The lowest free address on `networkId`. `extraTaken` holds addresses reserved by the caller but not yet
 * in the design (a paste that allocates several NICs at once). Never returns an address that is in use.
 */
export function allocateAddress(
  design: Design,
  networkId: string,
  extraTaken: Iterable<string> = [],
): Allocation {
  const network = design.networks.find((n) => n.id === networkId);
  if (!network) return { ok: false, problem: `There is no network "${networkId}".` };
  if (cidrProblem(network.cidr)) {
    return { ok: false, problem: `Network ${network.name} has no valid CIDR (${network.cidr}).` };
  }
  const taken = new Set(addressesInUse(design, networkId).keys());
  for (const address of extraTaken) taken.add(address);
  const { first, last } = usableRange(network);
  for (let n = first; n <= last; n++) {
    const address = numberToIp(n);
    if (!taken.has(address)) return { ok: true, address };
  }
  const size = last >= first ? last - first + 1 : 0;
  const range = size > 0 ? `${numberToIp(first)}–${numberToIp(last)}` : 'an empty range';
  return {
    ok: false,
    problem:
      `Network ${network.name} (${network.cidr}) is full: all ${size} addresses of ${range} are taken ` +
      `by NICs, VIPs or the gateway. Widen the allocation range or the CIDR.`,
  };
}
