/**
 * Turning SSH config hosts into nodes: each alias becomes a node (host name from the alias) with its SSH
 * endpoint. A node with that host name already gets its endpoint updated instead of a duplicate.
 */
import type { Design, DesignNode, Role } from './schema';
import { Hostname } from './schema';
import { freeHostSlot, uniqueId } from './topology';

/** A host as read from an SSH config (the shape of the `readSshConfig` operation's hosts). */
export interface ImportedSshHost {
  alias: string;
  host: string;
  port: number;
  user: string | null;
  identityFile: string | null;
  proxyJump: string | null;
}

/** A host name for an alias: the first DNS label, lowercased, invalid characters replaced. */
export function hostnameFromAlias(alias: string): string {
  const label = alias
    .split('.')[0]!
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return Hostname.safeParse(label).success ? label : 'host';
}

/** Adds (or updates) one node per host; new nodes get `roles`. Returns the ids of the nodes touched. */
export function importSshHosts(
  design: Design,
  hosts: readonly ImportedSshHost[],
  roles: Role[] = [],
): { design: Design; ids: string[] } {
  let next = design;
  const ids: string[] = [];
  for (const host of hosts) {
    const ssh: NonNullable<DesignNode['ssh']> = {
      host: host.host,
      port: host.port,
      user: host.user ?? 'root',
      ...(host.identityFile ? { identityFile: host.identityFile } : {}),
      ...(host.proxyJump ? { proxyJump: host.proxyJump } : {}),
    };
    const hostname = hostnameFromAlias(host.alias);
    const existing = next.nodes.find((n) => n.hostname.toLowerCase() === hostname);
    if (existing) {
      next = { ...next, nodes: next.nodes.map((n) => (n === existing ? { ...n, ssh } : n)) };
      ids.push(existing.id);
      continue;
    }
    const id = uniqueId(
      hostname,
      next.nodes.map((n) => n.id),
    );
    const at = freeHostSlot(next);
    next = {
      ...next,
      nodes: [...next.nodes, { id, hostname, roles: [...roles], ssh, nics: [] }],
      layout: { ...next.layout, nodes: { ...next.layout.nodes, [id]: at } },
    };
    ids.push(id);
  }
  return { design: next, ids };
}
