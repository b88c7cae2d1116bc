import { describe, expect, test } from 'vitest';
import { goodDesign, variant } from '../design/fixtures/designs';
import { TABLE, drop } from './fixtures/rule-table';
import { RULES, validate } from './validate';
import type { Design } from '../design/schema';

const fired = (design: Design, rule: string) => validate(design).filter((f) => f.ruleId === rule);

describe('the good design', () => {
  test('has no errors or warnings', () => {
    expect(validate(goodDesign()).filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe.each(TABLE)('$rule', ({ rule, triggers, passes, severity, says }) => {
  test(`fires on its triggering design${says ? ` (${says.source})` : ''}`, () => {
    const hits = fired(variant(triggers), rule);
    expect(hits.length).toBeGreaterThan(0);
    if (severity) expect(hits.map((h) => h.severity)).toContain(severity);
    if (says) expect(hits.map((h) => h.message).join('\n')).toMatch(says);
  });
  test('stays quiet on a design that satisfies it', () => {
    expect(fired(passes ? variant(passes) : goodDesign(), rule)).toEqual([]);
  });
});

test('every rule is covered by the table, has a why, a reference and a unique id', () => {
  const covered = new Set(TABLE.map((r) => r.rule));
  for (const rule of RULES) {
    expect(covered, rule.id).toContain(rule.id);
    expect(rule.why.length, rule.id).toBeGreaterThan(80);
    expect(rule.reference.section, rule.id).not.toBe('');
  }
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});

test('findings name the concerned nodes and come errors first', () => {
  const findings = validate(variant((d) => drop(d, 'ctl2', 'ctl3')));
  const galera = findings.find((f) => f.ruleId === 'spof.single-instance');
  expect(galera?.nodes).toEqual(['ctl1']);
  const ranks = findings.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
});
