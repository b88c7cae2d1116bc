import { describe, expect, it } from 'vitest';
import { Design, createDesign } from './schema';
import { OPTION_GROUPS, SEED_DOCUMENTS } from './options-catalog';
import { applyOption, optionValue, setMirroredCount } from './options-values';
import { COMPATIBILITY_RULES, choicesOf, conflicts, disabledReason } from './options-matrix';
import { addNode } from './topology';

const base = () => createDesign('matrix');
const set = (d: Design, pairs: [Parameters<typeof applyOption>[1], string][]) =>
  pairs.reduce((acc, [k, v]) => applyOption(acc, k, v), d);

describe('option catalogue', () => {
  it('every choice has a why and a seed source, and applying it round-trips through the schema', () => {
    for (const group of OPTION_GROUPS) {
      for (const choice of group.choices) {
        expect(choice.why.length, `${group.key}=${choice.value}`).toBeGreaterThan(10);
        expect(SEED_DOCUMENTS[choice.source.doc]).toBeDefined();
        const d = applyOption(base(), group.key, choice.value);
        expect(optionValue(d, group.key), `${group.key}=${choice.value}`).toBe(choice.value);
        expect(Design.safeParse(d).success).toBe(true);
      }
    }
  });

  it('ignores values a group does not know', () => {
    const d = base();
    expect(applyOption(d, 'database', 'postgres')).toBe(d);
    expect(applyOption(d, 'release', 'diablo')).toBe(d);
  });

  it('sets N of ha-mode exactly N only in that mode and within 2–9', () => {
    const exactly = applyOption(base(), 'messaging', 'mirrored-exactly');
    expect(setMirroredCount(exactly, 3).options.messaging).toEqual({
      mode: 'mirrored',
      haMode: 'exactly',
      count: 3,
    });
    expect(setMirroredCount(exactly, 1)).toBe(exactly);
    expect(setMirroredCount(base(), 3)).toEqual(base());
  });

  it('a dedicated arbitrator adds a garbd node and points the option at it', () => {
    const d = applyOption(base(), 'arbitrator', 'dedicated');
    expect(d.nodes.map((n) => [n.hostname, n.roles])).toEqual([['garbd1', ['arbitrator']]]);
    expect(optionValue(d, 'arbitrator')).toBe('node:garbd1');
  });
});

describe('compatibility matrix', () => {
  it.each([
    // [setup, key, value, expected reason substring or null]
    [[], 'database', 'drbd-mysql', 'needs fencing'],
    [[['fencing', 'ipmi']], 'database', 'drbd-mysql', null],
    [[['fencing', 'sbd']], 'messaging', 'drbd', null],
    [[], 'messaging', 'drbd', 'needs fencing'],
    [
      [
        ['fencing', 'ipmi'],
        ['database', 'drbd-mysql'],
      ],
      'fencing',
      'none',
      'DRBD',
    ],
    [[['fencing', 'ipmi']], 'fencing', 'none', null],
    [[], 'cluster.noQuorumPolicy', 'ignore', 'without fencing'],
    [[['fencing', 'ipmi']], 'cluster.noQuorumPolicy', 'ignore', null],
    [
      [
        ['fencing', 'ipmi'],
        ['cluster.noQuorumPolicy', 'ignore'],
      ],
      'fencing',
      'none',
      'no-quorum-policy',
    ],
    [[['release', 'xena']], 'messaging', 'quorum-queues', 'Yoga'],
    [[['release', 'yoga']], 'messaging', 'quorum-queues', null],
    [[['release', 'train']], 'neutron', 'ovn', 'Ussuri'],
    [[['release', 'ussuri']], 'neutron', 'ovn', null],
    [[['release', 'newton']], 'storage.volumes', 'gluster', null],
    [[['release', 'ocata']], 'storage.volumes', 'gluster', 'removed in Ocata'],
    [
      [
        ['fencing', 'ipmi'],
        ['database', 'drbd-mysql'],
      ],
      'arbitrator',
      'dedicated',
      'MySQL on DRBD',
    ],
    [
      [
        ['arbitrator', 'dedicated'],
        ['fencing', 'ipmi'],
      ],
      'database',
      'drbd-mysql',
      'garbd',
    ],
    [[], 'arbitrator', 'dedicated', null],
    [[], 'lbaas', 'octavia', 'compute nodes'],
    [[], 'metrics', 'graphite', 'monitoring role'],
    [[], 'logging', 'rsyslog', 'monitoring role'],
    [[], 'telemetry', 'gnocchi', null],
  ] as const)('%j: %s=%s', (setup, key, value, expected) => {
    const d = set(base(), setup as unknown as [Parameters<typeof applyOption>[1], string][]);
    const reason = disabledReason(d, key, value);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toContain(expected);
  });

  it('garbd may not sit on a database node: controllers when there is no database role', () => {
    let d = base();
    const c = addNode(d, ['controller']);
    if (!c.ok) throw new Error(c.problem);
    const m = addNode(c.design, ['monitoring']);
    if (!m.ok) throw new Error(m.problem);
    d = m.design;
    expect(disabledReason(d, 'arbitrator', 'node:controller1')).toContain('controller1 runs Galera');
    expect(disabledReason(d, 'arbitrator', 'node:monitor1')).toBeNull();
    const db = addNode(d, ['database']);
    if (!db.ok) throw new Error(db.problem);
    expect(disabledReason(db.design, 'arbitrator', 'node:controller1')).toBeNull();
    expect(disabledReason(db.design, 'arbitrator', 'node:db1')).toContain('db1 runs Galera');
    expect(choicesOf(db.design, 'arbitrator').map((c) => c.value)).toEqual([
      'none',
      'node:controller1',
      'node:monitor1',
      'node:db1',
      'dedicated',
    ]);
  });

  it('every rule disables a choice that exists, and the defaults conflict with nothing', () => {
    for (const rule of COMPATIBILITY_RULES) {
      for (const { key, value } of rule.disables) {
        expect(choicesOf(applyOption(base(), 'arbitrator', 'dedicated'), key).map((c) => c.value)).toContain(
          value,
        );
      }
    }
    expect(conflicts(base())).toEqual([]);
  });

  it('Octavia needs Pike and computes; graphs and logs need a monitoring node', () => {
    const withNodes = (roles: Parameters<typeof addNode>[1][]) =>
      roles.reduce((d, r) => {
        const added = addNode(d, r);
        if (!added.ok) throw new Error(added.problem);
        return added.design;
      }, base());
    const d = withNodes([['controller'], ['compute'], ['monitoring']]);
    expect(disabledReason(d, 'lbaas', 'octavia')).toBeNull();
    expect(disabledReason(applyOption(d, 'release', 'ocata'), 'lbaas', 'octavia')).toContain('Pike');
    expect(disabledReason(d, 'metrics', 'graphite')).toBeNull();
    expect(disabledReason(d, 'logging', 'rsyslog')).toBeNull();
  });

  it('reports a loaded combination that the matrix forbids', () => {
    const d = { ...base(), options: { ...base().options, database: 'drbd-mysql' as const } };
    expect(conflicts(d).map((c) => `${c.key}=${c.value}`)).toEqual(['database=drbd-mysql', 'fencing=none']);
  });
});
