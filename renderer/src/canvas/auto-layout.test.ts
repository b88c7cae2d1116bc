import { describe, expect, it } from 'vitest';
import { Design, createDesign } from '../../../shared/design/schema';
import { addNetwork, addNode, connectNode } from '../../../shared/design/topology';
import { HOST_HEIGHT, HOST_WIDTH } from '../../../shared/design/drawing';
import { autoLayout } from './auto-layout';

describe('auto-layout', () => {
  it('places every host without overlap, controllers first, lanes below all hosts', () => {
    let d = createDesign();
    for (const p of ['storage', 'management'] as const) {
      const r = addNetwork(d, p);
      if (!r.ok) throw new Error(r.problem);
      d = r.design;
    }
    const roles = ['compute', 'ceph-osd', 'controller', 'compute', 'network', 'controller'] as const;
    for (let i = 0; i < 30; i++) {
      const r = addNode(d, [roles[i % roles.length]!]);
      if (!r.ok) throw new Error(r.problem);
      const c = connectNode(r.design, r.created, 'management');
      if (!c.ok) throw new Error(c.problem);
      d = c.design;
    }
    const laid = autoLayout({ ...d, layout: { nodes: {}, networks: {} } });
    expect(Design.safeParse(laid).success).toBe(true);
    const boxes = d.nodes.map((n) => laid.layout.nodes[n.id]!);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap = Math.abs(a.x - b.x) < HOST_WIDTH && Math.abs(a.y - b.y) < HOST_HEIGHT;
        expect(overlap, `${i} and ${j}`).toBe(false);
      }
    const first = Object.entries(laid.layout.nodes).sort(([, a], [, b]) => a.y - b.y || a.x - b.x)[0]![0];
    expect(d.nodes.find((n) => n.id === first)!.roles).toContain('controller');
    const lowestHost = Math.max(...boxes.map((b) => b.y + HOST_HEIGHT));
    const lanes = d.networks.map((n) => laid.layout.networks[n.id]!);
    expect(lanes.every((l) => l.y > lowestHost)).toBe(true);
    // Management is drawn above storage.
    expect(laid.layout.networks.management!.y).toBeLessThan(laid.layout.networks.storage!.y);
  });
});
