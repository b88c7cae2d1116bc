import { describe, expect, it } from 'vitest';
import { Design } from '../../shared/design/schema';
import { conflicts } from '../../shared/design/options-matrix';
import { addressProblem } from '../../shared/design/field-checks';
import { TEMPLATES, loadTemplate } from './templates';

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))(
    '%s passes Design.parse and has no conflicts',
    (_id, template) => {
      const raw = JSON.parse(template.text);
      expect(Design.safeParse(raw).success).toBe(true);
      const design = loadTemplate(template);
      expect(conflicts(design)).toEqual([]);
      // Every NIC address is valid on its network and unique (the inspector's own check).
      for (const node of design.nodes) {
        for (const nic of node.nics) {
          const network = design.networks.find((n) => n.id === nic.network)!;
          expect(
            addressProblem(design, network, nic.address!, { kind: 'nic', id: node.id }),
            `${node.hostname}`,
          ).toBeNull();
        }
      }
      for (const node of design.nodes) expect(design.layout.nodes[node.id]).toBeDefined();
    },
  );

  it('the four templates match their documents', () => {
    const [book, field, reference, dvr] = TEMPLATES.map(loadTemplate);
    expect(book!.nodes.filter((n) => n.roles.includes('controller'))).toHaveLength(2);
    expect(book!.options).toMatchObject({ loadBalancer: 'haproxy-keepalived', database: 'galera-haproxy' });
    expect(field!.nodes.map((n) => n.hostname)).toEqual(['controller01', 'controller02', 'tiebreaker']);
    expect(field!.options).toMatchObject({
      database: 'galera-pacemaker',
      messaging: { mode: 'pacemaker' },
      memcached: 'local',
      arbitrator: { mode: 'node', node: 'tiebreaker' },
    });
    const count = (d: Design, role: string) => d.nodes.filter((n) => n.roles.includes(role as never)).length;
    expect([
      count(reference!, 'controller'),
      count(reference!, 'network'),
      count(reference!, 'ceph-osd'),
    ]).toEqual([3, 2, 3]);
    expect(reference!.options.neutron).toBe('ovs-l3ha');
    expect(dvr!.options.neutron).toBe('ovs-dvr');
    const computes = dvr!.nodes.filter((n) => n.roles.includes('compute'));
    expect(computes.every((n) => n.nics.some((nic) => nic.network === 'provider'))).toBe(true);
  });
});
