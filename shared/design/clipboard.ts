/**
 * Copy and paste of nodes: pasted nodes get new ids, new host names (controller3 after controller1 and 2)
 * and new addresses on the same networks, so a paste never creates a duplicate.
 */
import type { Design, DesignNode } from './schema';
import { allocateAddress } from './allocate';
import { HOSTNAME_STEMS, nextHostname, uniqueId, type EditResult } from './topology';
import { hostPosition } from './drawing';

/** What Copy keeps: the copied nodes and where they were drawn. */
export interface Clipboard {
  nodes: DesignNode[];
  positions: Record<string, { x: number; y: number }>;
}

/** Copies the nodes with ids in `nodeIds` (unknown ids are ignored). */
export function copyNodes(design: Design, nodeIds: readonly string[]): Clipboard {
  const wanted = new Set(nodeIds);
  const nodes: DesignNode[] = [];
  const positions: Clipboard['positions'] = {};
  design.nodes.forEach((node, index) => {
    if (!wanted.has(node.id)) return;
    nodes.push(node);
    positions[node.id] = hostPosition(design, node.id, index);
  });
  return { nodes, positions };
}

/** The stem of a host name: `controller12` → `controller`, `db-a` → `db-a`, else the role's stem. */
function hostnameStem(node: DesignNode): string {
  const match = /^(.*?[a-z-])\d+$/i.exec(node.hostname);
  if (match?.[1]) return match[1].replace(/-$/, '') || HOSTNAME_STEMS[node.roles[0] ?? 'compute'];
  return node.hostname;
}

/**
 * Pastes a clipboard: each node gets a fresh id and host name and, for each NIC, the next free address on
 * its network (networks that no longer exist are dropped). Positions are offset by `offset`. Fails, changing
 * nothing, when a network has no free address left.
 */
export function pasteNodes(
  design: Design,
  clipboard: Clipboard,
  offset = { x: 40, y: 40 },
): EditResult<string[]> {
  const networkIds = new Set(design.networks.map((n) => n.id));
  const reservedNames = new Set<string>();
  const reservedIds = new Set(design.nodes.map((n) => n.id));
  const reservedAddresses = new Map<string, string[]>();
  const pasted: DesignNode[] = [];
  const positions: Record<string, { x: number; y: number }> = {};
  for (const source of clipboard.nodes) {
    const hostname = nextHostname(design, hostnameStem(source), reservedNames);
    reservedNames.add(hostname);
    const id = uniqueId(hostname, reservedIds);
    reservedIds.add(id);
    const nics = [];
    for (const nic of source.nics) {
      if (!networkIds.has(nic.network)) continue;
      const reserved = reservedAddresses.get(nic.network) ?? [];
      const allocation = allocateAddress(design, nic.network, reserved);
      if (!allocation.ok)
        return { ok: false, problem: `Cannot paste ${source.hostname}: ${allocation.problem}` };
      reserved.push(allocation.address);
      reservedAddresses.set(nic.network, reserved);
      nics.push({ ...nic, address: allocation.address });
    }
    // The copy is a new machine: the source's SSH endpoint would point at the wrong host.
    const copy: DesignNode = { ...source, id, hostname, nics };
    delete copy.ssh;
    pasted.push(copy);
    const from = clipboard.positions[source.id] ?? { x: 0, y: 0 };
    positions[id] = { x: from.x + offset.x, y: from.y + offset.y };
  }
  return {
    ok: true,
    created: pasted.map((n) => n.id),
    design: {
      ...design,
      nodes: [...design.nodes, ...pasted],
      layout: { ...design.layout, nodes: { ...design.layout.nodes, ...positions } },
    },
  };
}
