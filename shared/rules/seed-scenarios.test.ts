/**
 * The seed documents' scenarios, on the sample project files: the field report's two controllers plus a
 * garbd tiebreaker (004) and the book's two-controller lab (003).
 */
import { describe, expect, test } from 'vitest';
import { parseProjectFile } from '../design/project-file';
import type { Design } from '../design/schema';
import { validate } from './validate';
import bookLab from '../../assets/samples/book-lab.quorum?raw';
import fieldReport from '../../assets/samples/field-report.quorum?raw';

function sample(name: string): Design {
  const result = parseProjectFile(name === 'book-lab.quorum' ? bookLab : fieldReport);
  if (!result.ok) throw new Error(`${name} does not load`);
  return result.design;
}

const quorumFindings = (design: Design) =>
  validate(design).filter(
    (f) => f.ruleId === 'quorum.galera' || (f.ruleId.startsWith('arbitrator.') && f.severity === 'error'),
  );

describe('field report: two controllers + garbd', () => {
  const design = sample('field-report.quorum');

  test('passes the Galera quorum rule with the tiebreaker', () => {
    expect(quorumFindings(design)).toEqual([]);
  });

  test('fails it when garbd is removed', () => {
    const without: Design = {
      ...design,
      nodes: design.nodes.filter((n) => n.id !== 'tiebreaker'),
      options: { ...design.options, arbitrator: { mode: 'none' } },
    };
    const hits = validate(without).filter((f) => f.ruleId === 'quorum.galera');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.severity).toBe('error');
    expect(hits[0]!.message).toContain('quorum = floor(2/2)+1 = 2');
    expect(hits[0]!.nodes).toEqual(['controller01', 'controller02']);
  });

  test('fails it when garbd runs on a controller', () => {
    const onController: Design = {
      ...design,
      options: { ...design.options, arbitrator: { mode: 'node', node: 'controller02' } },
    };
    expect(validate(onController).map((f) => f.ruleId)).toContain('arbitrator.on-data-node');
  });
});

describe('book lab: two controllers, no tiebreaker', () => {
  const findings = validate(sample('book-lab.quorum'));
  const ids = findings.map((f) => `${f.severity} ${f.ruleId}`);

  test('gets the two-node findings', () => {
    expect(ids).toContain('warning roles.controllers');
    expect(ids).toContain('warning quorum.rabbitmq');
    expect(ids).toContain('error quorum.galera');
  });

  test('the two-node findings cite seed sections', () => {
    for (const f of findings.filter((f) => f.family === 'quorum' || f.family === 'roles'))
      expect(f.reference.seed).toMatch(/^00[1-4]$/);
  });

  test('its classic mirrored queues are flagged as legacy', () => {
    expect(ids).toContain('warning legacy.mirrored-queues');
  });
});
