import { describe, expect, it } from 'vitest';
import type { Design } from '../design/schema';
import { createDesign, type DesignOptions } from '../design/schema';
import { compilePlan } from './compile';
import { templateDesigns } from './fixtures/designs';
import { Plan } from './types';

/** Every combination of the options that change the plan's shape, on every template and distro. */
function* combinations(): Generator<Partial<DesignOptions> & { distro: Design['distro'] }> {
  for (const distro of ['debian', 'rhel', 'suse'] as const)
    for (const database of ['galera-haproxy', 'galera-pacemaker', 'drbd-mysql'] as const)
      for (const messaging of [
        { mode: 'quorum-queues' as const },
        { mode: 'mirrored' as const, haMode: 'all' as const },
        { mode: 'pacemaker' as const },
        { mode: 'drbd' as const },
      ])
        for (const loadBalancer of ['haproxy-keepalived', 'pacemaker-haproxy'] as const)
          for (const neutron of ['ovs-l3ha', 'ovs-dvr', 'ovs-legacy', 'ovn'] as const)
            yield {
              distro,
              database,
              messaging,
              loadBalancer,
              neutron,
              fencing: database === 'drbd-mysql' ? 'ipmi' : 'none',
            };
}

function checkPlan(plan: Plan): void {
  Plan.parse(plan);
  const seen = new Set<string>();
  for (const step of plan.steps) {
    expect(seen.has(step.id)).toBe(false);
    for (const dep of step.dependsOn) expect(seen.has(dep)).toBe(true);
    expect(step.targets.nodes.length).toBeGreaterThan(0);
    seen.add(step.id);
  }
}

describe('compilePlan over every option combination', () => {
  it.each(Object.entries(templateDesigns()))('%s', (_, design) => {
    let count = 0;
    for (const { distro, ...options } of combinations()) {
      const plan = compilePlan({ ...design, distro, options: { ...design.options, ...options } });
      checkPlan(plan);
      count++;
    }
    expect(count).toBe(288);
  });

  it('an empty design and designs missing whole roles still compile', () => {
    expect(compilePlan(createDesign()).steps).toEqual([]);
    const full = templateDesigns()['ha-guide-reference']!;
    for (const role of [
      'controller',
      'network',
      'compute',
      'ceph-mon',
      'ceph-osd',
      'load-balancer',
    ] as const) {
      const design = { ...full, nodes: full.nodes.filter((n) => !n.roles.includes(role)) };
      checkPlan(compilePlan(design));
    }
    checkPlan(compilePlan({ ...full, vips: [] }));
    checkPlan(
      compilePlan({
        ...full,
        networks: full.networks.slice(0, 1),
        nodes: full.nodes.map((n) => ({ ...n, nics: n.nics.slice(0, 1) })),
      }),
    );
  });
});
