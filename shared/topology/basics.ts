/** Small pure helpers of the topology: majorities, role lookups, names and prefixes. */
import type { Design, DesignNode, Role } from '../design/schema';

/** floor(n/2)+1: the smallest majority of n voters. */
export function quorumOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Nodes carrying `role`, in design order. */
export function nodesWithRole(design: Design, role: Role): DesignNode[] {
  return design.nodes.filter((n) => n.roles.includes(role));
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

/** The prefix length of a CIDR ("10.0.0.0/24" → 24). */
export function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1] ?? 32);
}
