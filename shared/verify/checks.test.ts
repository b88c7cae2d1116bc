import { describe, expect, it } from 'vitest';
import type { Design } from '../design/schema';
import { templateDesigns } from '../plan/fixtures/designs';
import { verificationChecks } from './checks';
import { checkFor, VerifyCheck } from './types';

const designs = templateDesigns();

function byId(checks: VerifyCheck[], id: string): VerifyCheck {
  const found = checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}: ${checks.map((c) => c.id).join(' ')}`);
  return found;
}

/** The HA guide reference with the lab's choices: Galera behind HAProxy + keepalived, mirrored queues. */
function withOptions(design: Design, change: (d: Design) => void): Design {
  const copy = structuredClone(design);
  change(copy);
  return copy;
}

describe('verificationChecks', () => {
  it.each(Object.keys(designs))('%s: valid checks with unique ids on nodes of the design', (name) => {
    const design = designs[name]!;
    const checks = verificationChecks(design);
    const nodeIds = new Set(design.nodes.map((n) => n.id));
    expect(checks.length).toBeGreaterThan(0);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    for (const c of checks) {
      expect(() => VerifyCheck.parse(c)).not.toThrow();
      for (const n of c.nodes) expect(nodeIds.has(n)).toBe(true);
      expect(c.fix.length).toBeGreaterThan(20);
    }
  });

  it('Galera: cluster size counts garbd, on every data node, with Synced and Primary', () => {
    const base = designs['ha-guide-reference']!;
    const checks = verificationChecks(base);
    const db = base.nodes.filter((n) => n.roles.includes('database') || n.roles.includes('controller'));
    const size = byId(checks, 'galera.cluster-size');
    expect(size.judge).toEqual({ kind: 'equals', expected: String(size.nodes.length) });
    expect(size.nodes.length).toBeGreaterThanOrEqual(Math.min(db.length, 3));
    expect(byId(checks, 'galera.synced').judge).toEqual({ kind: 'equals', expected: 'Synced' });
    expect(byId(checks, 'galera.primary').judge).toEqual({ kind: 'equals', expected: 'Primary' });
    const third = size.nodes[2]!;
    const garbd = withOptions(base, (d) => {
      d.options.arbitrator = { mode: 'node', node: third };
      d.nodes.find((n) => n.id === third)!.roles = ['arbitrator'];
    });
    const withGarbd = verificationChecks(garbd);
    const garbdSize = byId(withGarbd, 'galera.cluster-size');
    expect(garbdSize.nodes).not.toContain(third);
    expect(garbdSize.judge).toEqual({ kind: 'equals', expected: String(garbdSize.nodes.length + 1) });
    expect(byId(withGarbd, 'galera.garbd').nodes).toEqual([third]);
  });

  it('clustercheck and memcached ask each node at its own address', () => {
    const design = designs['ha-guide-reference']!;
    const checks = verificationChecks(design);
    const cc = byId(checks, 'galera.clustercheck');
    const commands = cc.nodes.map((n) => checkFor(cc, n).command);
    expect(new Set(commands).size).toBe(cc.nodes.length);
    expect(commands[0]).toMatch(/:9200\//);
    const mc = byId(checks, 'memcached.listening');
    const addresses = mc.nodes.map((n) => {
      const j = checkFor(mc, n).judge;
      return j.kind === 'listening' ? j.address : null;
    });
    expect(new Set(addresses).size).toBe(mc.nodes.length);
  });

  it('the VIP is a cross-node check on the load balancers; keepalived only when chosen', () => {
    const design = designs['ha-guide-reference']!;
    const checks = verificationChecks(design);
    const vip = checks.find((c) => c.id.startsWith('vip.'))!;
    expect(vip.across).toBe('exactly-one');
    expect(vip.command).toContain(design.vips[0]!.address);
    expect(checks.some((c) => c.id === 'keepalived.running')).toBe(
      design.options.loadBalancer === 'haproxy-keepalived',
    );
    const pcmk = withOptions(design, (d) => (d.options.loadBalancer = 'pacemaker-haproxy'));
    const pcmkChecks = verificationChecks(pcmk);
    expect(pcmkChecks.some((c) => c.id === 'keepalived.running')).toBe(false);
    expect(byId(pcmkChecks, 'pacemaker.healthy').judge.kind).toBe('pacemaker-healthy');
  });

  it('RabbitMQ: running nodes by name, and the policy of the chosen queue mode', () => {
    const design = designs['ha-guide-reference']!;
    const mirrored = verificationChecks(
      withOptions(design, (d) => (d.options.messaging = { mode: 'mirrored', haMode: 'all' })),
    );
    const cluster = byId(mirrored, 'rabbitmq.cluster');
    expect(cluster.judge.kind === 'rabbit-running' && cluster.judge.expected.length).toBe(
      cluster.nodes.length,
    );
    expect(byId(mirrored, 'rabbitmq.policy').judge).toMatchObject({ pattern: 'ha-all.*"ha-mode":"all"' });
    const quorum = verificationChecks(
      withOptions(design, (d) => (d.options.messaging = { mode: 'quorum-queues' })),
    );
    expect(byId(quorum, 'rabbitmq.policy').judge).toMatchObject({ expected: 'quorum-delivery-limit policy' });
  });

  it('OpenStack API checks only in the full scope', () => {
    const design = designs['ha-guide-reference']!;
    expect(verificationChecks(design).some((c) => c.id === 'api.keystone')).toBe(
      design.vips.some((v) => v.services.includes('keystone')),
    );
    expect(
      verificationChecks(design, { scope: 'infrastructure' }).some((c) => c.group === 'OpenStack APIs'),
    ).toBe(false);
  });
});
