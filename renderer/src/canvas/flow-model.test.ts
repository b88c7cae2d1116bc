import { describe, expect, it } from 'vitest';
import { createDesign } from '../../../shared/design/schema';
import {
  addNetwork,
  addNode,
  connectNode,
  moveItems,
  EMPTY_SELECTION,
} from '../../../shared/design/topology';
import { HOST_HEIGHT, HOST_WIDTH } from '../../../shared/design/drawing';
import { createFlowNodeDeriver, createNicLineDeriver, nicLineGeometry } from './flow-model';

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
  it('moving one host yields a new object for that host only, and the same NIC lines', () => {
    const nodes = createFlowNodeDeriver();
    const lines = createNicLineDeriver();
    const d = sample();
    const first = nodes(d, EMPTY_SELECTION);
    const firstLines = lines(d);
    expect(first).toHaveLength(6);
    expect([...firstLines.values()].flat()).toHaveLength(5);
    const moved = moveItems(d, { compute3: { x: 999, y: 5 } });
    const second = nodes(moved, EMPTY_SELECTION);
    const changed = second.filter((n, i) => n !== first[i]).map((n) => n.id);
    expect(changed).toEqual(['compute3']);
    expect(second.find((n) => n.id === 'compute3')!.position).toEqual({ x: 999, y: 5 });
    // The first move pins the lanes (moveItems), so lane geometry is unchanged and every line is reused.
    expect(lines(moved)).toBe(firstLines);
    const again = moveItems(moved, { compute2: { x: 5, y: 5 } });
    expect(lines(again)).toBe(firstLines);
  });

  it('rebuilds only the lines of a host whose NICs changed', () => {
    const lines = createNicLineDeriver();
    const d = moveItems(sample(), {});
    const first = lines(d);
    const next = {
      ...d,
      nodes: d.nodes.map((n) =>
        n.id === 'compute2' ? { ...n, nics: [{ ...n.nics[0]!, name: 'ens9' }] } : n,
      ),
    };
    const second = lines(next);
    expect(second).not.toBe(first);
    const changed = [...second].filter(([id, l]) => l !== first.get(id)).map(([id]) => id);
    expect(changed).toEqual(['compute2']);
    expect(second.get('compute2')![0]!.nicName).toBe('ens9');
  });

  it('draws a NIC line from the host handle down to the bus, bending to stay on the lane', () => {
    const line = { id: 'nic:a:0', nicName: 'eth0', address: undefined, laneY: 182, slot: 0, slots: 3 };
    // Straight down when the lane spans the host (the figures of the React Flow edges this layer replaced).
    expect(nicLineGeometry({ x: 0, y: 0 }, { ...line, laneX: -40, laneWidth: 800 })).toEqual({
      path: 'M 74 99 L 74 223',
      labelX: 74,
      labelY: 181,
    });
    // A lane that ends left of the host: the line bends above the label row and ends 12 px inside the lane.
    expect(nicLineGeometry({ x: 500, y: 0 }, { ...line, laneX: 0, laneWidth: 300 }).path).toBe(
      'M 574 99 L 574 171 L 288 171 L 288 223',
    );
  });

  it('returns the same array when nothing changed, and marks selection', () => {
    const nodes = createFlowNodeDeriver();
    const d = sample();
    const first = nodes(d, EMPTY_SELECTION);
    expect(nodes(d, EMPTY_SELECTION)).toBe(first);
    const selected = nodes(d, { ...EMPTY_SELECTION, nodes: ['compute1'] });
    expect(selected.filter((n) => n.selected).map((n) => n.id)).toEqual(['compute1']);
  });

  it('gives every node its measured size up front, so React Flow keeps its handle bounds across a drag', () => {
    // React Flow re-measures (ResizeObserver, then a DOM read per handle) any node object without `measured`;
    // a drag passes a new object for the dragged host on every pointer move.
    const nodes = createFlowNodeDeriver()(moveItems(sample(), {}), EMPTY_SELECTION);
    for (const node of nodes) {
      expect(node.measured).toEqual({ width: node.width, height: node.height });
      expect(node.width).toBeGreaterThan(0);
    }
    const host = nodes.find((n) => n.type === 'host')!;
    expect(host.measured).toEqual({ width: HOST_WIDTH, height: HOST_HEIGHT });
  });
});
