import ipaddr from 'ipaddr.js';

/** True when `text` is a dotted-quad IPv4 address in canonical form (no leading zeros, four parts). */
export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/**
 * True when `text` is an IPv4 network in CIDR notation (`10.0.0.0/24`) whose host bits are all zero.
 * `10.0.0.5/24` is refused: it names an address, not a network.
 */
export function isIPv4Cidr(text: string): boolean {
  return cidrProblem(text) === null;
}

/** Why `text` is not a usable IPv4 CIDR, or null when it is one. */
export function cidrProblem(text: string): string | null {
  const slash = text.indexOf('/');
  if (slash < 0) return 'not a CIDR (expected address/prefix, e.g. 192.168.0.0/24)';
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!isIPv4(address)) return 'not an IPv4 network address';
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) return 'prefix length must be 0–32';
  const prefix = Number(prefixText);
  const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
  if (network !== address) return `host bits set: the network is ${network}/${prefix}`;
  return null;
}

/** True when IPv4 `address` lies inside `cidr` (both assumed valid). */
export function cidrContains(cidr: string, address: string): boolean {
  const [net, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  return ipaddr.IPv4.parse(address).match(net, prefix);
}
