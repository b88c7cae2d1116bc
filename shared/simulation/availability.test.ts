import { describe, expect, test } from 'vitest';
import { goodDesign, variant } from '../design/fixtures/designs';
import {
  DEFAULT_RELIABILITY,
  estimateAvailability,
  figure,
  formatDowntime,
  formatNines,
  kOfNAvailability,
  nodeAvailability,
} from './availability';

describe('availability model', () => {
  test('A = MTTF / (MTTF + MTTR)', () => {
    expect(nodeAvailability({ mttfHours: 999, mttrHours: 1 })).toBeCloseTo(0.999, 12);
  });

  test('k of n matches the binomial formula', () => {
    const a = 0.99;
    const members = [1, 2, 3].map(() => ({ a, data: true }));
    // 2 of 3: a³ + 3a²(1−a)
    expect(kOfNAvailability(members, 2)).toBeCloseTo(a ** 3 + 3 * a ** 2 * (1 - a), 12);
    expect(kOfNAvailability(members, 1)).toBeCloseTo(1 - (1 - a) ** 3, 12);
  });

  test('garbd votes but a data node must be up', () => {
    const a = 0.9;
    const members = [
      { a, data: true },
      { a, data: true },
      { a, data: false },
    ];
    // Up when ≥ 2 of 3 up and not (only garbd + nothing): all 2-of-3 sets contain a data node, so binomial.
    expect(kOfNAvailability(members, 2)).toBeCloseTo(a ** 3 + 3 * a ** 2 * (1 - a), 12);
    // With quorum 1 (impossible for Galera but checks the data condition): garbd alone does not count.
    expect(kOfNAvailability(members, 1)).toBeCloseTo(1 - (1 - a) ** 2, 12);
  });

  test('figures: nines and downtime per year as in the book table', () => {
    const f = figure(0.9999);
    expect(f.nines).toBeCloseTo(4, 9);
    expect(formatDowntime(f.downtimeMinutesPerYear)).toBe('52.6 minutes');
    expect(formatNines(f)).toBe('4.0 nines (99.99000%)');
    expect(formatDowntime(figure(0.999).downtimeMinutesPerYear)).toBe('8.8 hours');
  });

  test('three controllers beat two, and the control plane is at most its weakest service', () => {
    const inputs = { defaults: DEFAULT_RELIABILITY };
    const three = estimateAvailability(goodDesign(), inputs);
    const two = estimateAvailability(
      variant((d) => (d.nodes = d.nodes!.filter((n) => n.id !== 'ctl3'))),
      inputs,
    );
    expect(three.controlPlane.method).toBe('exact');
    expect(three.controlPlane.availability).toBeGreaterThan(two.controlPlane.availability);
    const galera3 = three.services.find((s) => s.id === 'galera')!;
    expect(galera3.kOfN).toBe('2 of 3');
    expect(three.controlPlane.availability).toBeLessThanOrEqual(galera3.availability + 1e-12);
    // Two controllers: Galera needs both, so it is worse than a single node.
    const galera2 = two.services.find((s) => s.id === 'galera')!;
    expect(galera2.availability).toBeLessThan(nodeAvailability(DEFAULT_RELIABILITY));
    expect(three.assumptions.join(' ')).toMatch(/model/);
  });

  test('a longer repair time lowers the estimate', () => {
    const fast = estimateAvailability(goodDesign(), { defaults: { mttfHours: 8760, mttrHours: 4 } });
    const slow = estimateAvailability(goodDesign(), { defaults: { mttfHours: 8760, mttrHours: 72 } });
    expect(slow.controlPlane.availability).toBeLessThan(fast.controlPlane.availability);
  });

  test('control plane on three controllers is exactly 2-of-3 (Galera and RabbitMQ quorum on the same nodes)', () => {
    const r = { mttfHours: 1000, mttrHours: 10 };
    const a = nodeAvailability(r);
    const estimate = estimateAvailability(goodDesign(), { defaults: r });
    expect(estimate.controlPlane.availability).toBeCloseTo(a ** 3 + 3 * a ** 2 * (1 - a), 12);
  });

  test('a per-node override changes the services that node is in', () => {
    const design = goodDesign();
    const base = estimateAvailability(design, { defaults: DEFAULT_RELIABILITY });
    const flaky = estimateAvailability(design, {
      defaults: DEFAULT_RELIABILITY,
      perNode: { ctl1: { mttfHours: 100, mttrHours: 100 } },
    });
    const byId = (e: typeof base, id: string) => e.services.find((s) => s.id === id)!.availability;
    expect(byId(flaky, 'galera')).toBeLessThan(byId(base, 'galera'));
    expect(byId(flaky, 'ceph-mon')).toBe(byId(base, 'ceph-mon'));
    expect(flaky.controlPlane.availability).toBeLessThan(base.controlPlane.availability);
  });
});
