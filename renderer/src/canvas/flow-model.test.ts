import { describe, expect, it } from 'vitest';
import { createDesign } from '../../../shared/design/schema';
import {
  addNetwork,
  addNode,
  connectNode,
  moveItems,
  EMPTY_SELECTION,
} from '../../../shared/design/topology';
import { createFlowNodeDeriver, createNicEdgeDeriver } from './flow-model';

function sample() {
  let d = createDesign();
  const net = addNetwork(d, 'management');
  if (!net.ok) throw new Error(net.problem);
  d = net.design;
  for (let i = 0; i < 5; i++) {
    const n = addNode(d, ['compute']);
    if (!n.ok) throw new Error(n.problem);
    const c = connectNode(n.design, n.created, 'management');
    if (!c.ok) throw new Error(c.problem);
    d = c.design;
  }
  return d;
}

describe('flow model derivation', () => {
  it('moving one host yields a new object for that host only, and the same edges', () => {
    const nodes = createFlowNodeDeriver();
    const edges = createNicEdgeDeriver();
    const d = sample();
    const first = nodes(d, EMPTY_SELECTION);
    const firstEdges = edges(d);
    expect(first).toHaveLength(6);
    expect(firstEdges).toHaveLength(5);
    const moved = moveItems(d, { compute3: { x: 999, y: 5 } });
    const second = nodes(moved, EMPTY_SELECTION);
    const changed = second.filter((n, i) => n !== first[i]).map((n) => n.id);
    expect(changed).toEqual(['compute3']);
    expect(second.find((n) => n.id === 'compute3')!.position).toEqual({ x: 999, y: 5 });
    expect(edges(moved)).toBe(firstEdges);
  });

  it('returns the same array when nothing changed, and marks selection', () => {
    const nodes = createFlowNodeDeriver();
    const d = sample();
    const first = nodes(d, EMPTY_SELECTION);
    expect(nodes(d, EMPTY_SELECTION)).toBe(first);
    const selected = nodes(d, { ...EMPTY_SELECTION, nodes: ['compute1'] });
    expect(selected.filter((n) => n.selected).map((n) => n.id)).toEqual(['compute1']);
  });
});
