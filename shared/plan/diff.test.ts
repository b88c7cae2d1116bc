import { describe, expect, it } from 'vitest';
import { compilePlan } from './compile';
import { diffPlans } from './diff';
import { templateDesigns } from './fixtures/designs';

describe('diffPlans', () => {
  const design = templateDesigns()['book-lab']!;
  const before = compilePlan(design);

  it('reports nothing for the same design and for a first compile', () => {
    expect(diffPlans(before, compilePlan(design))).toEqual({ added: [], removed: [], changed: [] });
    expect(diffPlans(null, before)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('reports changed steps when the distro changes, added ones when a node is added', () => {
    const rhel = diffPlans(before, compilePlan({ ...design, distro: 'rhel' }));
    expect(rhel.changed).toContain('galera.packages');
    expect(rhel.changed).toContain('galera.config:controller-1');
    expect(rhel.removed).toContain('verify.allow-service-starts');
    const third = {
      ...design.nodes[1]!,
      id: 'controller-3',
      hostname: 'controller3',
      nics: [{ name: 'eth0', network: 'management', address: '192.168.56.103' }],
    };
    const grown = diffPlans(before, compilePlan({ ...design, nodes: [...design.nodes, third] }));
    expect(grown.added).toContain('galera.config:controller-3');
    expect(grown.changed).toContain('galera.config:controller-1'); // gcomm:// lists the new node
  });
});
