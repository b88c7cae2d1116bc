/**
 * Checks of single fields as the user types, for inline messages in the inspector. Each returns why the
 * text cannot be used, or null. They mirror the schema's rules and add the ones that need the whole design
 * (duplicate host names, addresses taken or outside the network).
 */
import { Hostname, type Design, type DesignNetwork } from './schema';
import { cidrContains, cidrProblem, isIPv4 } from './ipv4';
import { addressesInUse, cidrBounds, ipToNumber } from './allocate';

/** A host name that is malformed or already used by another node. */
export function hostnameProblem(design: Design, nodeId: string, text: string): string | null {
  const parsed = Hostname.safeParse(text);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'not a host name';
  const other = design.nodes.find((n) => n.id !== nodeId && n.hostname.toLowerCase() === text.toLowerCase());
  return other ? `duplicate host name: another node is already called ${other.hostname}` : null;
}

/** A CIDR that is malformed or has host bits set. */
export function networkCidrProblem(text: string): string | null {
  return cidrProblem(text.trim());
}

/**
 * An address for a NIC or VIP on `network` that is malformed, outside the network, the network or broadcast
 * address, or already held by something else. `self` names the holder being edited (so its own address is
 * not a clash): `{kind:'nic', id: nodeId}` or `{kind:'vip', id: vipId}`.
 */
export function addressProblem(
  design: Design,
  network: DesignNetwork,
  text: string,
  self: { kind: 'nic' | 'vip'; id: string },
): string | null {
  if (!isIPv4(text)) return 'not an IPv4 address (e.g. 10.0.0.11)';
  if (cidrProblem(network.cidr)) return null;
  if (!cidrContains(network.cidr, text)) return `outside the network ${network.name} (${network.cidr})`;
  const { first, last, prefix } = cidrBounds(network.cidr);
  const n = ipToNumber(text);
  if (prefix < 31 && n === first) return `${text} is the network address of ${network.cidr}`;
  if (prefix < 31 && n === last) return `${text} is the broadcast address of ${network.cidr}`;
  const holder = addressesInUse(design, network.id).get(text);
  if (holder && !(holder.kind === self.kind && holder.id === self.id))
    return `already used by ${holder.label}`;
  return null;
}

/** A gateway that is malformed or outside the network. */
export function gatewayProblem(network: DesignNetwork, text: string): string | null {
  if (text === '') return null;
  if (!isIPv4(text)) return 'not an IPv4 address';
  if (!cidrProblem(network.cidr) && !cidrContains(network.cidr, text)) return `outside ${network.cidr}`;
  return null;
}

/** A VLAN id that is not a whole number 1–4094 (empty means untagged). */
export function vlanProblem(text: string): string | null {
  if (text === '') return null;
  return /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 4094 ? null : 'a VLAN id is 1–4094';
}

/** An MTU outside 576–9216. */
export function mtuProblem(text: string): string | null {
  return /^\d+$/.test(text) && Number(text) >= 576 && Number(text) <= 9216 ? null : 'the MTU is 576–9216';
}
