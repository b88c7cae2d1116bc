import { describe, expect, it } from 'vitest';
import { createDesign } from '../../../shared/design/schema';
import { addNode } from '../../../shared/design/topology';
import { EMPTY_SELECTION } from '../../../shared/design/topology';
import {
  NO_POSITIONS,
  createDragOverlay,
  draggedKey,
  pointerCorrection,
  shiftPositions,
  withPositions,
} from './drag-overlay';
import { createFlowNodeDeriver } from './flow-model';

function nodes() {
  let d = createDesign();
  for (let i = 0; i < 3; i++) {
    const n = addNode(d, ['compute']);
    if (!n.ok) throw new Error(n.problem);
    d = n.design;
  }
  return createFlowNodeDeriver()(d, EMPTY_SELECTION);
}

describe('drag overlay', () => {
  it('with nothing dragged the rendered nodes are the derived array itself', () => {
    const derived = nodes();
    expect(withPositions(derived, NO_POSITIONS)).toBe(derived);
  });

  it('only the dragged nodes are new objects, at their live positions', () => {
    const derived = nodes();
    const id = derived[1]!.id;
    const moved = withPositions(derived, { [id]: { x: 512, y: 64 } });
    expect(moved[1]!.position).toEqual({ x: 512, y: 64 });
    expect(moved[1]).not.toBe(derived[1]);
    expect(moved[0]).toBe(derived[0]);
    expect(moved[2]).toBe(derived[2]);
    // The derived nodes are left as they were: the design only changes when the drag ends.
    expect(derived[1]!.position).not.toEqual({ x: 512, y: 64 });
  });

  it('the dragged-set key changes when the set does, not when a dragged item moves', () => {
    const overlay = createDragOverlay();
    expect(draggedKey(overlay.getState())).toBe('');
    overlay.setState({ positions: { b: { x: 1, y: 1 }, a: { x: 0, y: 0 } } });
    const key = draggedKey(overlay.getState());
    overlay.setState({ positions: { a: { x: 9, y: 9 }, b: { x: 8, y: 8 } } });
    expect(draggedKey(overlay.getState())).toBe(key);
    overlay.setState({ positions: { a: { x: 9, y: 9 } } });
    expect(draggedKey(overlay.getState())).not.toBe(key);
  });
});

describe('keeping dragged items under the pointer', () => {
  const grid = [8, 8] as const;
  const grab = { id: 'a', offset: { x: 30, y: 10 } };

  it('leaves React Flow alone while the grabbed item is where the pointer holds it, up to its snapping', () => {
    expect(pointerCorrection(grab, { x: 130, y: 110 }, { x: 100, y: 100 }, grid)).toEqual({ x: 0, y: 0 });
    // Under half a grid step is snapping.
    expect(pointerCorrection(grab, { x: 133.9, y: 106.1 }, { x: 100, y: 100 }, grid)).toEqual({ x: 0, y: 0 });
  });

  it('moves a trailing item by whole grid steps to the pointer', () => {
    // React Flow measured the grab after a first move: the item trails the pointer by 35 units.
    expect(pointerCorrection(grab, { x: 130, y: 145 }, { x: 100, y: 100 }, grid)).toEqual({ x: 0, y: 32 });
    expect(pointerCorrection(grab, { x: 90, y: 110 }, { x: 100, y: 100 }, grid)).toEqual({ x: -40, y: 0 });
  });

  it('does nothing without the grabbed item', () => {
    expect(pointerCorrection(grab, { x: 500, y: 500 }, undefined, grid)).toEqual({ x: 0, y: 0 });
  });

  it('shifts every dragged item alike, and returns the same positions when there is no shift', () => {
    const positions = { a: { x: 0, y: 8 }, b: { x: 16, y: 24 } };
    expect(shiftPositions(positions, { x: 0, y: 0 })).toBe(positions);
    expect(shiftPositions(positions, { x: 8, y: -16 })).toEqual({ a: { x: 8, y: -8 }, b: { x: 24, y: 8 } });
  });
});
