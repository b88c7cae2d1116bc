/**
 * Failure what-ifs: given failed nodes, networks or zones, which clustered services keep quorum, which are
 * degraded or down, and where each VIP lands. Pure; `prepareSimulation` does the per-design work once so
 * sweeps over many failure sets stay fast.
 */
import type { Design, DesignNode, DesignVip } from '../design/schema';
import { resolveTopology, type ClusterService, type ServiceId } from '../topology';

/** What failed: node ids, network ids, zone names. */
export interface FailureSet {
  nodes?: readonly string[];
  networks?: readonly string[];
  zones?: readonly string[];
}

/** A service's state: all members up, fewer but still working, or not working. */
export type ServiceState = 'up' | 'degraded' | 'down';

/** How one clustered service fares. */
export interface ServiceStatus {
  id: ServiceId;
  label: string;
  state: ServiceState;
  /** Members up and reachable, and the others. */
  up: string[];
  lost: string[];
  required: number;
  /** For quorum services: whether a majority is kept. Null for the others. */
  quorum: boolean | null;
  /** Why it is in this state, in one line ("2 of 3 voters up, quorum = 2 kept"). */
  reason: string;
}

/** Where a VIP ends up. */
export interface VipStatus {
  id: string;
  name: string;
  address: string;
  /** The node holding it now, or null when no load balancer can. */
  holder: string | null;
  /** The node that holds it when nothing has failed. */
  preferred: string | null;
  moved: boolean;
}

/** The outcome of one failure set. */
export interface SimulationResult {
  services: ServiceStatus[];
  vips: VipStatus[];
  /** Down when any control-plane service or any VIP is down; degraded when any is degraded. */
  controlPlane: ServiceState;
  /** One line per thing that broke, for the panel. */
  broken: string[];
}

interface VipPlan {
  vip: DesignVip;
  candidates: string[];
}

/** Per-design facts the simulation reuses across failure sets. */
export interface PreparedDesign {
  design: Design;
  services: ClusterService[];
  nodeById: Map<string, DesignNode>;
  vips: VipPlan[];
  managementNetworks: Set<string>;
  storageNetworks: Set<string>;
  /** Services Pacemaker manages: they stop when Pacemaker loses quorum. */
  pacemakerManaged: Set<ServiceId>;
}

/** Does the per-design work of {@link simulate} once. */
export function prepareSimulation(design: Design): PreparedDesign {
  const topology = resolveTopology(design);
  const lb = topology.facts.loadBalancer;
  return {
    design,
    services: topology.services,
    nodeById: new Map(design.nodes.map((n) => [n.id, n])),
    vips: design.vips.map((vip) => ({ vip, candidates: lb.holders(vip).map((n) => n.id) })),
    managementNetworks: new Set(design.networks.filter((n) => n.purpose === 'management').map((n) => n.id)),
    storageNetworks: new Set(
      design.networks
        .filter((n) => n.purpose === 'storage' || n.purpose === 'storage-replication')
        .map((n) => n.id),
    ),
    pacemakerManaged: new Set(topology.facts.pacemaker.managed),
  };
}

const STORAGE_SERVICES = new Set<ServiceId>(['ceph-mon', 'ceph-osd', 'gluster']);

/** True when `node` still talks to its peers over `networks` (it has a NIC there that has not failed). */
function reachable(node: DesignNode, networks: Set<string>, failedNetworks: Set<string>): boolean {
  let attached = false;
  for (const nic of node.nics) {
    if (!networks.has(nic.network)) continue;
    attached = true;
    if (!failedNetworks.has(nic.network)) return true;
  }
  // A node drawn without a NIC on that network is judged by its own state only.
  return !attached;
}

function serviceStatus(
  p: PreparedDesign,
  svc: ClusterService,
  isUp: (id: string) => boolean,
  failedNetworks: Set<string>,
): ServiceStatus {
  const up: string[] = [];
  const lost: string[] = [];
  for (const id of svc.members) {
    const node = p.nodeById.get(id);
    let ok = node !== undefined && isUp(id);
    if (ok && failedNetworks.size > 0) {
      const storage =
        STORAGE_SERVICES.has(svc.id) && node!.nics.some((nic) => p.storageNetworks.has(nic.network));
      ok = reachable(node!, storage ? p.storageNetworks : p.managementNetworks, failedNetworks);
    }
    (ok ? up : lost).push(id);
  }
  let dataUp = up.length;
  if (svc.dataMembers.length !== svc.members.length) {
    const upSet = new Set(up);
    dataUp = svc.dataMembers.filter((id) => upSet.has(id)).length;
  }
  const enough = up.length >= svc.required && (svc.dataMembers.length === 0 || dataUp > 0);
  const state: ServiceState = !enough ? 'down' : lost.length > 0 ? 'degraded' : 'up';
  const quorum = svc.kind === 'quorum' ? enough : null;
  const n = svc.members.length;
  let reason: string;
  if (svc.kind === 'quorum') {
    reason = `${up.length} of ${n} voters up, quorum = ${svc.required} ${enough ? 'kept' : 'lost'}`;
    if (up.length >= svc.required && dataUp === 0)
      reason = `${up.length} of ${n} voters up but no data node left`;
  } else {
    reason = `${up.length} of ${n} up, ${svc.required} needed`;
  }
  return { id: svc.id, label: svc.label, state, up, lost, required: svc.required, quorum, reason };
}

/** The failure set as node/network predicates. */
function failurePredicates(p: PreparedDesign, failed: FailureSet) {
  const nodes = new Set(failed.nodes ?? []);
  const zones = new Set(failed.zones ?? []);
  const networks = new Set(failed.networks ?? []);
  const isUp = (id: string) => {
    if (nodes.has(id)) return false;
    if (zones.size === 0) return true;
    const zone = p.nodeById.get(id)?.zone;
    return zone === undefined || !zones.has(zone);
  };
  return { isUp, networks };
}

/** Simulates a prepared design under a failure set. */
export function simulatePrepared(p: PreparedDesign, failed: FailureSet): SimulationResult {
  const { isUp, networks } = failurePredicates(p, failed);
  const services = p.services.map((svc) => serviceStatus(p, svc, isUp, networks));
  const pacemaker = services.find((s) => s.id === 'pacemaker');
  if (pacemaker?.state === 'down') {
    for (const s of services) {
      if (p.pacemakerManaged.has(s.id) && s.state !== 'down') {
        s.state = 'down';
        s.reason = `stopped: Pacemaker lost quorum (${pacemaker.reason})`;
      }
    }
  }
  const lbDown = services.find((s) => s.id === 'load-balancer')?.state === 'down';
  const vips = p.vips.map(({ vip, candidates }): VipStatus => {
    const preferred = candidates[0] ?? null;
    let holder: string | null = null;
    if (!lbDown && !networks.has(vip.network)) {
      holder =
        candidates.find((id) => {
          if (!isUp(id)) return false;
          const node = p.nodeById.get(id)!;
          return reachable(node, new Set([vip.network]), networks);
        }) ?? null;
    }
    return {
      id: vip.id,
      name: vip.name,
      address: vip.address,
      holder,
      preferred,
      moved: holder !== preferred,
    };
  });
  const broken: string[] = [];
  for (const s of services) if (s.state === 'down') broken.push(`${s.label} is down: ${s.reason}.`);
  for (const v of vips) {
    if (v.holder === null) broken.push(`VIP ${v.name} (${v.address}) has no holder.`);
  }
  const cp = services.filter(
    (s) => s.id !== 'compute' && p.services.find((x) => x.id === s.id)?.controlPlane,
  );
  const controlPlane: ServiceState =
    cp.some((s) => s.state === 'down') || vips.some((v) => v.holder === null)
      ? 'down'
      : cp.some((s) => s.state === 'degraded') || vips.some((v) => v.moved)
        ? 'degraded'
        : 'up';
  return { services, vips, controlPlane, broken };
}

/** What happens to `design` when the nodes, networks or zones in `failed` fail. */
export function simulate(design: Design, failed: FailureSet): SimulationResult {
  return simulatePrepared(prepareSimulation(design), failed);
}
