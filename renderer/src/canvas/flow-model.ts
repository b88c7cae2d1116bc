/**
 * React Flow nodes and edges derived from the design. Each derived object is cached with the inputs it was
 * made from and reused while they are unchanged, so a drag re-renders one node, not all of them
 * (xyflow issue #4983: selectors that return new objects re-render every node).
 */
import type { Edge, Node } from '@xyflow/react';
import type { Design, DesignNetwork, DesignNode, DesignVip } from '../../../shared/design/schema';
import type { Selection } from '../../../shared/design/topology';
import {
  HOST_HEIGHT,
  HOST_WIDTH,
  LANE_HEIGHT,
  hostPosition,
  lanePosition,
} from '../../../shared/design/drawing';

export interface HostData extends Record<string, unknown> {
  node: DesignNode;
}
export interface LaneData extends Record<string, unknown> {
  network: DesignNetwork;
  vips: DesignVip[];
  selectedVips: string[];
}
export interface NicData extends Record<string, unknown> {
  nicName: string;
  address: string | undefined;
  /** The lane's horizontal extent, so the line can end on the bus below the host. */
  laneX: number;
  laneWidth: number;
  /** This NIC's place among the host's NICs, to draw parallel lines. */
  slot: number;
  slots: number;
}

export type HostFlowNode = Node<HostData, 'host'>;
export type LaneFlowNode = Node<LaneData, 'lane'>;
export type FlowNode = HostFlowNode | LaneFlowNode;
export type NicFlowEdge = Edge<NicData, 'nic'>;

/** Canvas ids: hosts and lanes share React Flow's id space, so lanes are prefixed. */
export const laneFlowId = (networkId: string) => `net:${networkId}`;
export const isLaneFlowId = (flowId: string) => flowId.startsWith('net:');
export const networkIdOf = (flowId: string) => flowId.slice(4);

interface Cached<T> {
  inputs: readonly unknown[];
  value: T;
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** A cache of derived objects keyed by id; `derive` reuses an entry while its inputs are identical. */
export class DerivedCache<T> {
  private entries = new Map<string, Cached<T>>();
  private seen = new Set<string>();

  get(id: string, inputs: readonly unknown[], make: () => T): T {
    this.seen.add(id);
    const hit = this.entries.get(id);
    if (hit && sameInputs(hit.inputs, inputs)) return hit.value;
    const value = make();
    this.entries.set(id, { inputs, value });
    return value;
  }

  /** Drops entries not used since the last sweep. */
  sweep(): void {
    for (const id of this.entries.keys()) if (!this.seen.has(id)) this.entries.delete(id);
    this.seen.clear();
  }
}

/** Derives the flow nodes; returns the previous array when no node changed. */
export function createFlowNodeDeriver() {
  const cache = new DerivedCache<FlowNode>();
  let previous: FlowNode[] = [];
  return (design: Design, selection: Selection): FlowNode[] => {
    const selectedNodes = new Set(selection.nodes);
    const selectedNetworks = new Set(selection.networks);
    const vipsByNetwork = new Map<string, DesignVip[]>();
    for (const vip of design.vips)
      vipsByNetwork.set(vip.network, [...(vipsByNetwork.get(vip.network) ?? []), vip]);
    const next: FlowNode[] = [];
    design.networks.forEach((network, index) => {
      const p = lanePosition(design, network.id, index);
      const vips = vipsByNetwork.get(network.id) ?? [];
      const selectedVips = vips.filter((v) => selection.vips.includes(v.id)).map((v) => v.id);
      const id = laneFlowId(network.id);
      next.push(
        cache.get(
          id,
          [network, p.x, p.y, p.width, selectedNetworks.has(network.id), ...vips, '|', ...selectedVips],
          () => ({
            id,
            type: 'lane',
            position: { x: p.x, y: p.y },
            width: p.width,
            height: LANE_HEIGHT,
            selected: selectedNetworks.has(network.id),
            zIndex: 0,
            dragHandle: '.lane-label',
            data: { network, vips, selectedVips },
          }),
        ),
      );
    });
    design.nodes.forEach((node, index) => {
      const p = hostPosition(design, node.id, index);
      next.push(
        cache.get(node.id, [node, p.x, p.y, selectedNodes.has(node.id)], () => ({
          id: node.id,
          type: 'host',
          position: { x: p.x, y: p.y },
          width: HOST_WIDTH,
          height: HOST_HEIGHT,
          selected: selectedNodes.has(node.id),
          zIndex: 2,
          data: { node },
        })),
      );
    });
    cache.sweep();
    if (sameInputs(previous, next)) return previous;
    previous = next;
    return next;
  };
}

/** Derives the NIC edges; returns the previous array when no edge changed. */
export function createNicEdgeDeriver() {
  const cache = new DerivedCache<NicFlowEdge>();
  let previous: NicFlowEdge[] = [];
  return (design: Design): NicFlowEdge[] => {
    // Lane geometry is part of an edge's inputs; lanes are pinned on the first move (moveItems), so moving a
    // host rebuilds only its own edges.
    const lanes = new Map(design.networks.map((n, i) => [n.id, lanePosition(design, n.id, i)]));
    const next: NicFlowEdge[] = [];
    for (const node of design.nodes) {
      node.nics.forEach((nic, slot) => {
        const lane = lanes.get(nic.network);
        if (!lane) return;
        const id = `nic:${node.id}:${slot}`;
        next.push(
          cache.get(id, [nic, lane.x, lane.width, slot, node.nics.length], () => ({
            id,
            type: 'nic',
            source: node.id,
            target: laneFlowId(nic.network),
            selectable: false,
            data: {
              nicName: nic.name,
              address: nic.address,
              laneX: lane.x,
              laneWidth: lane.width,
              slot,
              slots: node.nics.length,
            },
          })),
        );
      });
    }
    cache.sweep();
    if (sameInputs(previous, next)) return previous;
    previous = next;
    return next;
  };
}
