/**
 * Where the items being dragged are right now. While a drag is in progress their positions live here, not in
 * the design: committing every pointer move would re-run every design subscriber and record history per
 * frame. The drag's end commits the final positions to the design in one edit (one undo step).
 *
 * A store of its own, outside React state, so that a pointer move re-renders only what shows a dragged item
 * (the item itself, its NIC lines, the minimap), never the whole canvas.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FlowNode } from './flow-model';

export type Positions = Readonly<Record<string, { x: number; y: number }>>;
export type DragOverlay = StoreApi<{ positions: Positions }>;

export const NO_POSITIONS: Positions = {};

export function createDragOverlay(): DragOverlay {
  return createStore<{ positions: Positions }>(() => ({ positions: NO_POSITIONS }));
}

/** The flow nodes with the dragged ones at their live positions; the same array when nothing is dragged. */
export function withPositions(nodes: FlowNode[], positions: Positions): FlowNode[] {
  if (positions === NO_POSITIONS) return nodes;
  return nodes.map((node) => {
    const position = positions[node.id];
    return position ? { ...node, position } : node;
  });
}

/** Selector: the live positions of the dragged items. */
export const positionsOf = (s: { positions: Positions }) => s.positions;

/** The dragged ids as one stable string: a selector on it re-renders only when the set of dragged items changes. */
export const draggedKey = (s: { positions: Positions }) => Object.keys(s.positions).sort().join('\n');
