// Idempotence needs a guard on every step that changes a node: re-running a plan on a node where the
// step took effect must report "already done" and change nothing. This test compiles every template (and
// the lab's own designs) in both scopes and lists, by step id, every node-changing step without a guard.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Design } from '../../shared/design/schema';
import { Design as DesignSchema } from '../../shared/design/schema';
import { labDesign } from '../../shared/lab/lab-design';
import { compilePlan } from '../../shared/plan/compile';
import { templateDesigns } from '../../shared/plan/fixtures/designs';
import type { Step } from '../../shared/plan/types';

/**
 * Steps allowed to have no guard, each with the reason. A step here must still be re-run safe
 * (compile.test.ts refuses a step that is neither re-run safe nor guarded): a re-run does no harm but
 * reports the step as run, not "already done". No step the lab deploys may be here (last test below).
 */
const NO_GUARD: Record<string, string> = {
  'octavia.install':
    'octavia.conf is written, then sed puts in the ids of lb-mgmt-net and lb-mgmt-sec-grp that only Neutron ' +
    'knows at run time, so the file never equals what the plan wrote and no content guard can hold. Its ' +
    'other commands are show-or-create, `test -s` and `--may-exist`, so a re-run is harmless. A guard needs ' +
    'those ids moved out of the compared file (a drop-in written at run time).',
};

/** The lab suite's designs: keepalived VIP, garbd, Pacemaker VIP (as deploy-test-support.ts makes them). */
function labDesigns(): Record<string, Design> {
  const nodes = [1, 2, 3].map((n) => ({ hostname: `lab-${n}`, address: `10.117.0.${10 + n}` }));
  const base = labDesign(null, {
    name: 'lab',
    subnet: '10.117.0.0/24',
    gateway: '10.117.0.1',
    identityFile: '/lab/id',
    nodes,
  });
  const make = (garbd: boolean, loadBalancer: Design['options']['loadBalancer']): Design => {
    const design = structuredClone(base);
    const mgmt = design.networks.find((n) => n.purpose === 'management')!;
    design.vips = [
      { id: 'vip-internal', name: 'VIP', network: mgmt.id, address: '10.117.0.100', services: ['database'] },
    ];
    design.options.database = 'galera-haproxy';
    design.options.loadBalancer = loadBalancer;
    design.options.fencing = 'none';
    design.options.messaging = { mode: 'mirrored', haMode: 'all' };
    design.options.memcached = 'local';
    if (garbd) {
      design.nodes[2]!.roles = ['arbitrator'];
      design.options.arbitrator = { mode: 'node', node: design.nodes[2]!.id };
    }
    return DesignSchema.parse(design);
  };
  return {
    'lab-keepalived': make(false, 'haproxy-keepalived'),
    'lab-garbd': make(true, 'haproxy-keepalived'),
    'lab-pacemaker': make(false, 'pacemaker-haproxy'),
  };
}

/** A step changes a node when it runs a command or writes a file (checks only look). */
function changesNode(step: Step): boolean {
  return step.actions.some((a) => a.kind !== 'check');
}

/** `keepalived:node-1` → `keepalived`: per-node steps share one id before the colon. */
function baseId(step: Step): string {
  return step.id.split(':')[0]!;
}

const designs = { ...templateDesigns(), ...labDesigns() };
const plans = Object.entries(designs).flatMap(([name, design]) =>
  (['full', 'infrastructure'] as const).map((scope) => ({
    name: `${name} (${scope})`,
    plan: compilePlan(design, { scope }),
  })),
);

describe('every step that changes a node has a guard', () => {
  it('lists no unguarded step outside the allow-list', () => {
    const offenders = new Map<string, string[]>();
    for (const { name, plan } of plans) {
      for (const step of plan.steps) {
        if (step.guard || !changesNode(step)) continue;
        const id = baseId(step);
        if (id in NO_GUARD) continue;
        offenders.set(id, [...(offenders.get(id) ?? []), name]);
      }
    }
    const listed = [...offenders].map(([id, where]) => `${id}: ${[...new Set(where)].join(', ')}`);
    expect(listed).toEqual([]);
  });

  it('every guard is a shell command list that parses (sh -n)', () => {
    const broken: string[] = [];
    const seen = new Set<string>();
    for (const { name, plan } of plans) {
      for (const step of plan.steps) {
        if (!step.guard || seen.has(step.guard.command)) continue;
        seen.add(step.guard.command);
        const parsed = spawnSync('sh', ['-n', '-c', step.guard.command], { encoding: 'utf8' });
        if (parsed.status !== 0) broken.push(`${step.id} (${name}): ${parsed.stderr.trim()}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps the allow-list exact: every entry is a step that exists and still has no guard', () => {
    const unguarded = new Set<string>();
    const exists = new Set<string>();
    for (const { plan } of plans) {
      for (const step of plan.steps) {
        exists.add(baseId(step));
        if (!step.guard && changesNode(step)) unguarded.add(baseId(step));
      }
    }
    for (const id of Object.keys(NO_GUARD)) {
      expect(exists.has(id), `${id} is in the allow-list but no plan has it`).toBe(true);
      expect(unguarded.has(id), `${id} has a guard now: take it off the allow-list`).toBe(true);
    }
  });

  it("the lab's designs have no unguarded step at all in the scope the lab deploys", () => {
    for (const { name, plan } of plans.filter((p) => p.name.startsWith('lab-'))) {
      const infra = name.endsWith('(infrastructure)');
      if (!infra) continue;
      const unguarded = plan.steps.filter((s) => !s.guard && changesNode(s)).map((s) => s.id);
      expect(unguarded, name).toEqual([]);
    }
  });
});
