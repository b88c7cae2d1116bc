import { describe, expect, test } from 'vitest';
import { nodeInput, variant } from '../design/fixtures/designs';
import { resolveTopology } from './resolve';
import { servicePlacement } from './placement';

const labels = (design: ReturnType<typeof variant>, id: string) =>
  (servicePlacement(resolveTopology(design)).get(id) ?? []).map((p) => p.label);

describe('where it runs', () => {
  test('the good design: Galera and RabbitMQ vote on the controllers, which hold the VIPs', () => {
    const d = variant(() => {});
    expect(labels(d, 'ctl1')).toEqual(
      expect.arrayContaining(['Galera', 'RabbitMQ', 'HAProxy', 'VIP API VIP']),
    );
    const first = servicePlacement(resolveTopology(d))
      .get('ctl1')!
      .find((p) => p.label === 'VIP API VIP')!;
    expect(first.kind).toBe('vip');
    const second = servicePlacement(resolveTopology(d))
      .get('ctl2')!
      .find((p) => p.label === 'VIP API VIP')!;
    expect(second.kind).toBe('vip-backup');
    expect(labels(d, 'ceph1')).toEqual(['Ceph mon', 'Ceph OSD']);
  });

  test('a Messaging role on the garbd node moves RabbitMQ off every controller', () => {
    const d = variant((i) => {
      i.nodes!.push(nodeInput('garbd', ['arbitrator', 'messaging'], 40, ['mgmt']));
      i.options!.arbitrator = { mode: 'node', node: 'garbd' };
    });
    expect(labels(d, 'garbd')).toEqual(['garbd', 'RabbitMQ']);
    for (const c of ['ctl1', 'ctl2', 'ctl3']) expect(labels(d, c)).not.toContain('RabbitMQ');
  });
});
