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

/** The item the pointer grabbed, and where on it: the pointer's drawing position minus the item's, at the start. */
export interface Grab {
  id: string;
  offset: { x: number; y: number };
}

const NO_SHIFT = { x: 0, y: 0 };

/**
 * How far to move the dragged items, in whole grid steps, so that the grabbed one sits where the pointer holds
 * it. `pointer` is the pointer's position in the drawing now, `position` where React Flow has the grabbed item.
 * Under half a grid step is React Flow's own snapping and is left alone; whole steps keep every dragged item on
 * the grid it was snapped to.
 */
export function pointerCorrection(
  grab: Grab,
  pointer: { x: number; y: number },
  position: { x: number; y: number } | undefined,
  grid: readonly [number, number],
): { x: number; y: number } {
  if (!position) return NO_SHIFT;
  const steps = (want: number, have: number, step: number) => Math.round((want - have) / step) * step || 0;
  const x = steps(pointer.x - grab.offset.x, position.x, grid[0]);
  const y = steps(pointer.y - grab.offset.y, position.y, grid[1]);
  return x || y ? { x, y } : NO_SHIFT;
}

/** The positions moved by `shift`; the same object when there is nothing to move. */
export function shiftPositions(positions: Positions, shift: { x: number; y: number }): Positions {
  if (shift === NO_SHIFT || (!shift.x && !shift.y)) return positions;
  const moved: Record<string, { x: number; y: number }> = {};
  for (const [id, p] of Object.entries(positions)) moved[id] = { x: p.x + shift.x, y: p.y + shift.y };
  return moved;
}
