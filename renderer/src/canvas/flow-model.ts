/**
 * React Flow nodes and edges derived from the design. Each derived object is cached with the inputs it was
 * made from and reused while they are unchanged, so a drag re-renders one node, not all of them
 * (xyflow issue #4983: selectors that return new objects re-render every node).
 */
import type { Node } from '@xyflow/react';
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
export type HostFlowNode = Node<HostData, 'host'>;
export type LaneFlowNode = Node<LaneData, 'lane'>;
export type FlowNode = HostFlowNode | LaneFlowNode;

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

/**
 * Derives the flow nodes; returns the previous array when no node changed. Every node carries its `measured`
 * size (the CSS gives hosts and lanes exactly these sizes): React Flow drops the handle bounds of a node object
 * that has none, so during a drag, where the dragged host is a new object on every pointer move, it would
 * re-observe and re-measure that host's DOM on every frame.
 */
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
            measured: { width: p.width, height: LANE_HEIGHT },
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
          measured: { width: HOST_WIDTH, height: HOST_HEIGHT },
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

/** One NIC line: from its host's bottom edge down to its network's bus, labelled with name and address. */
export interface NicLine {
  /** `nic:<host id>:<slot>`; also the label's test id suffix. */
  id: string;
  nicName: string;
  address: string | undefined;
  /** The lane's place, so the line can end on the bus below the host. */
  laneX: number;
  laneY: number;
  laneWidth: number;
  /** This NIC's place among the host's NICs, to draw parallel lines. */
  slot: number;
  slots: number;
}

/** Offset of the host's connection handle below its box, where NIC lines start. */
const HANDLE_OVERHANG = 7;
/** Where a lane's bus starts below the lane's top (border and label row). */
const LANE_BUS_TOP = 25;
/** Height of the lane's label row: lines bend above it. */
const LANE_LABEL_HEIGHT = 24;
/** Horizontal distance between a host's parallel NIC lines. */
const NIC_SPACING = 14;

/** A NIC line's SVG path (flow coordinates) and where its label sits, for a host at `host`. */
export function nicLineGeometry(
  host: { x: number; y: number },
  line: NicLine,
): { path: string; labelX: number; labelY: number } {
  const x = host.x + HOST_WIDTH / 2 + (line.slot - (line.slots - 1) / 2) * NIC_SPACING;
  const sourceY = host.y + HOST_HEIGHT + HANDLE_OVERHANG;
  const targetY = line.laneY + LANE_BUS_TOP;
  const busY = targetY + 16;
  const laneTop = targetY - LANE_LABEL_HEIGHT;
  const endX = line.laneWidth ? Math.min(Math.max(x, line.laneX + 12), line.laneX + line.laneWidth - 12) : x;
  const path =
    endX === x
      ? `M ${x} ${sourceY} L ${x} ${busY}`
      : `M ${x} ${sourceY} L ${x} ${laneTop - 12} L ${endX} ${laneTop - 12} L ${endX} ${busY}`;
  return { path, labelX: endX, labelY: laneTop - 2 };
}

/**
 * Derives each host's NIC lines, keyed by host id. A host's array is reused while its NICs and their lanes'
 * geometry are unchanged, so moving one host redraws only that host's lines (the lines are not React Flow
 * edges: 900 edge components each re-ran a store selector on every frame of a drag).
 */
export function createNicLineDeriver() {
  const cache = new DerivedCache<NicLine[]>();
  let previous = new Map<string, NicLine[]>();
  return (design: Design): Map<string, NicLine[]> => {
    // Lane geometry is part of a host's inputs; lanes are pinned on the first move (moveItems), so moving a
    // host rebuilds only its own lines.
    const lanes = new Map(design.networks.map((n, i) => [n.id, lanePosition(design, n.id, i)]));
    const next = new Map<string, NicLine[]>();
    let changed = previous.size !== design.nodes.length;
    for (const node of design.nodes) {
      const geometry = node.nics.flatMap((nic) => {
        const lane = lanes.get(nic.network);
        return lane ? [lane.x, lane.y, lane.width] : [null];
      });
      const lines = cache.get(node.id, [node.nics, ...geometry], () =>
        node.nics.flatMap((nic, slot) => {
          const lane = lanes.get(nic.network);
          if (!lane) return [];
          return [
            {
              id: `nic:${node.id}:${slot}`,
              nicName: nic.name,
              address: nic.address,
              laneX: lane.x,
              laneY: lane.y,
              laneWidth: lane.width,
              slot,
              slots: node.nics.length,
            },
          ];
        }),
      );
      changed ||= previous.get(node.id) !== lines;
      next.set(node.id, lines);
    }
    cache.sweep();
    if (!changed) return previous;
    previous = next;
    return next;
  };
}
