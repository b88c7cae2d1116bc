import { describe, expect, test } from 'vitest';
import { goodDesign, nodeInput, variant } from '../design/fixtures/designs';
import type { DesignInput } from '../design/schema';
import { simulate } from './simulate';
import { describeSweep, pairFailureSweep, singleFailureSweep } from './sweep';

const status = (r: ReturnType<typeof simulate>, id: string) => r.services.find((s) => s.id === id)!;

/** The field report's layout on the good design: two controllers and garbd on a third machine. */
const garbdDesign = () =>
  variant((d: DesignInput) => {
    d.nodes = d.nodes!.filter((n) => n.id !== 'ctl3');
    d.nodes.push(nodeInput('garbd', ['arbitrator'], 40, ['mgmt']));
    d.options!.arbitrator = { mode: 'node', node: 'garbd' };
  });

describe('simulate', () => {
  test('nothing failed: every service up, VIPs on their preferred holder', () => {
    const r = simulate(goodDesign(), {});
    expect(r.services.every((s) => s.state === 'up')).toBe(true);
    expect(r.vips.map((v) => v.holder)).toEqual(['ctl1', 'ctl1']);
    expect(r.controlPlane).toBe('up');
    expect(r.broken).toEqual([]);
  });

  test('killing the VIP holder moves the VIP to the next load balancer', () => {
    const r = simulate(goodDesign(), { nodes: ['ctl1'] });
    const vip = r.vips.find((v) => v.id === 'vip-api')!;
    expect(vip).toMatchObject({ preferred: 'ctl1', holder: 'ctl2', moved: true });
    expect(r.controlPlane).toBe('degraded');
  });

  test('killing 2 of 3 Galera nodes loses quorum', () => {
    const galera = status(simulate(goodDesign(), { nodes: ['ctl1', 'ctl2'] }), 'galera');
    expect(galera).toMatchObject({ state: 'down', quorum: false, up: ['ctl3'] });
    expect(galera.reason).toBe('1 of 3 voters up, quorum = 2 lost');
  });

  test('killing 1 of 3 Galera nodes keeps quorum, degraded', () => {
    const galera = status(simulate(goodDesign(), { nodes: ['ctl2'] }), 'galera');
    expect(galera).toMatchObject({ state: 'degraded', quorum: true });
  });

  test('killing a data node in the garbd design keeps quorum', () => {
    const r = simulate(garbdDesign(), { nodes: ['ctl1'] });
    expect(status(r, 'galera')).toMatchObject({ state: 'degraded', quorum: true, up: ['ctl2', 'garbd'] });
  });

  test('garbd alone is not a database: both data nodes down means down even with a majority impossible', () => {
    const r = simulate(garbdDesign(), { nodes: ['ctl1', 'ctl2'] });
    expect(status(r, 'galera').state).toBe('down');
  });

  test('without garbd, one of two data nodes down loses quorum', () => {
    const twoNode = variant((d) => {
      d.nodes = d.nodes!.filter((n) => n.id !== 'ctl3');
    });
    expect(status(simulate(twoNode, { nodes: ['ctl1'] }), 'galera')).toMatchObject({
      state: 'down',
      quorum: false,
    });
  });

  test('a failed management network partitions every quorum service', () => {
    const r = simulate(goodDesign(), { networks: ['mgmt'] });
    expect(status(r, 'galera').state).toBe('down');
    expect(r.vips.find((v) => v.id === 'vip-db')!.holder).toBeNull();
    expect(r.controlPlane).toBe('down');
  });

  test('a failed storage network cuts the Ceph OSDs off but not Galera', () => {
    const r = simulate(goodDesign(), { networks: ['storage'] });
    expect(status(r, 'ceph-osd').state).toBe('down');
    expect(status(r, 'galera').state).toBe('up');
  });

  test('a failed zone fails every node in it', () => {
    const zoned = variant((d) => d.nodes!.forEach((n, i) => (n.zone = ['a', 'b', 'c'][i % 3])));
    const r = simulate(zoned, { zones: ['a'] });
    expect(status(r, 'galera')).toMatchObject({ state: 'degraded', lost: ['ctl1'] });
  });

  test('Pacemaker losing quorum stops the services it manages', () => {
    const pcs = variant((d) => {
      d.options!.database = 'galera-pacemaker';
      d.options!.loadBalancer = 'pacemaker-haproxy';
    });
    const r = simulate(pcs, { nodes: ['ctl1', 'ctl2'] });
    expect(status(r, 'pacemaker').state).toBe('down');
    expect(status(r, 'load-balancer').reason).toMatch(/Pacemaker lost quorum/);
    expect(r.vips.every((v) => v.holder === null)).toBe(true);
  });
});

describe('sweeps', () => {
  test('the good design survives any single node failure', () => {
    const s = singleFailureSweep(goodDesign());
    expect(s.survives).toBe(true);
    expect(s.cases).toBe(9);
    expect(describeSweep(s)).toBe('survives any single node failure: yes');
  });

  test('two controllers without garbd do not, and the worst case names the lost service', () => {
    const s = singleFailureSweep(variant((d) => (d.nodes = d.nodes!.filter((n) => n.id !== 'ctl3'))));
    expect(s.survives).toBe(false);
    expect(s.worst!.down).toContain('Galera (MariaDB)');
    expect(describeSweep(s)).toMatch(
      /^survives any single node failure: no \(worst case: ctl\d fails → .*Galera/,
    );
  });

  test('the good design does not survive any two failures (two controllers)', () => {
    const s = pairFailureSweep(goodDesign());
    expect(s.cases).toBe(36);
    expect(s.survives).toBe(false);
    expect(s.worst!.failed.every((id) => id.startsWith('ctl'))).toBe(true);
  });
});
