import { describe, expect, it } from 'vitest';
import { templateDesigns } from '../plan/fixtures/designs';
import { resolveTopology } from '../topology';
import { drillAvailability, drillTarget, type LabSummary } from './availability';

const design = templateDesigns()['ha-guide-reference']!;
const ctx = resolveTopology(design);

/** A lab whose nodes carry the design's database nodes' addresses (as `quorum lab up` writes its design). */
function labOf(name: string, running = true): LabSummary {
  return {
    name,
    nodes: ctx.database.nodes.map((n, i) => ({ hostname: `lab-${i + 1}`, address: ctx.address(n), running })),
  };
}

const free = { host: null, busy: null };

describe('drill availability', () => {
  it('is available on the lab whose nodes are the database nodes, with the lab host names and the VIP', () => {
    const found = drillTarget(design, [{ name: 'other', nodes: [] }, labOf('qd1')]);
    expect(found.problem).toBeNull();
    expect(found.target?.lab).toBe('qd1');
    expect(found.target?.vip).toBe(ctx.vipFor('database')!.address);
    expect(found.target?.nodes).toEqual(ctx.database.nodes.map((_, i) => `lab-${i + 1}`));
    const all = drillAvailability(design, [labOf('qd1')], free);
    expect(all.map((d) => [d.kind, d.available, d.lab])).toEqual([
      ['vip-failover', true, 'qd1'],
      ['full-outage', true, 'qd1'],
    ]);
  });

  it('says why when the nodes are not lab nodes (one sentence naming quorum lab up)', () => {
    const [first] = drillAvailability(design, [], free);
    expect(first!.available).toBe(false);
    expect(first!.reason).toMatch(/power nodes off and on.*not lab nodes.*quorum lab up/);
  });

  it('says why when the host cannot power nodes, before anything else', () => {
    const [first] = drillAvailability(design, [labOf('qd1')], { host: 'quorum lab needs root', busy: null });
    expect(first!.available).toBe(false);
    expect(first!.reason).toBe('Drills power lab nodes off and on: quorum lab needs root.');
  });

  it('refuses a design without a database VIP, on DRBD, or with nodes powered off; a busy backend last', () => {
    const noVip = { ...design, vips: design.vips.filter((v) => !v.services.includes('database')) };
    expect(drillTarget(noVip, [labOf('qd1')]).problem).toMatch(/database VIP/);
    const drbd = { ...design, options: { ...design.options, database: 'drbd-mysql' as const } };
    expect(drillTarget(drbd, [labOf('qd1')]).problem).toMatch(/Galera/);
    expect(drillTarget(design, [labOf('qd1', false)]).problem).toMatch(/powered off.*quorum lab recover/);
    const [busy] = drillAvailability(design, [labOf('qd1')], {
      host: null,
      busy: 'A deploy run is in progress.',
    });
    expect(busy!.reason).toBe('A deploy run is in progress.');
  });
});
