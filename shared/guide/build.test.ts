import { describe, expect, it } from 'vitest';
import bookComplete from '../../assets/templates/book-complete.quorum?raw';
import bookLab from '../../assets/templates/book-lab.quorum?raw';
import dvr from '../../assets/templates/dvr.quorum?raw';
import fieldReport from '../../assets/templates/field-report.quorum?raw';
import haReference from '../../assets/templates/ha-guide-reference.quorum?raw';
import legacyDrbd from '../../assets/templates/legacy-drbd.quorum?raw';
import type { Design } from '../design/schema';
import { parseProjectFile } from '../design/project-file';
import { compilePlan } from '../plan/compile';
import type { Step } from '../plan/types';
import { buildGuide, doneCriteria } from './build';
import { majorityOf } from './concepts';
import type { Guide, StepSection } from './types';

const TEMPLATES = [
  ['book-lab', bookLab],
  ['field-report', fieldReport],
  ['ha-guide-reference', haReference],
  ['dvr', dvr],
  ['book-complete', bookComplete],
  ['legacy-drbd', legacyDrbd],
] as const;

function load(text: string): Design {
  const parsed = parseProjectFile(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.design;
}

function guideOf(text: string, secrets?: Record<string, string>): { design: Design; guide: Guide } {
  const design = load(text);
  const plan = compilePlan(design);
  return { design, guide: buildGuide(design, plan, secrets ? { secrets } : {}) };
}

function section(guide: Guide, id: string): StepSection {
  for (const chapter of guide.chapters) {
    const found = chapter.sections.find((s) => s.id === id);
    if (found?.kind === 'step') return found;
  }
  throw new Error(`no step section ${id}`);
}

function allText(section: StepSection): string {
  return section.actions.map((a) => (a.kind === 'file' ? a.content : a.command)).join('\n');
}

describe('buildGuide on the templates', () => {
  it.each(TEMPLATES)('%s: concepts first, then every plan step once, in phase order', (_id, text) => {
    const design = load(text);
    const plan = compilePlan(design);
    const guide = buildGuide(design, plan);
    expect(guide.chapters[0]!.id).toBe('concepts');
    expect(guide.chapters[0]!.sections.map((s) => s.id)).toEqual([
      'concepts.stateless-stateful',
      'concepts.active-passive-active',
      'concepts.quorum',
    ]);
    const phases = [...new Set(plan.steps.map((s) => s.phase))];
    expect(guide.chapters.slice(1).map((c) => c.phase)).toEqual(phases);
    const stepIds = guide.chapters.slice(1).flatMap((c) => c.sections.map((s) => s.id));
    expect(stepIds.toSorted()).toEqual(plan.steps.map((s) => s.id).toSorted());
    // Host names, never node ids, and no unmasked secret reference anywhere.
    const hostnames = new Set(design.nodes.map((n) => n.hostname));
    for (const chapter of guide.chapters.slice(1)) {
      for (const s of chapter.sections) {
        if (s.kind !== 'step') throw new Error('a phase chapter holds step sections only');
        for (const host of s.nodes) expect(hostnames).toContain(host);
        expect(s.done.length).toBeGreaterThan(0);
      }
    }
    expect(JSON.stringify(guide)).not.toContain('{{secret:');
  });

  it('book-lab: the Galera file carries this design’s names and addresses', () => {
    const { guide } = guideOf(bookLab);
    const galera = section(guide, 'galera.config:controller-1');
    expect(galera.nodes).toEqual(['controller1']);
    expect(galera.order).toBe('on controller1 only');
    expect(allText(galera)).toContain('wsrep_cluster_address = "gcomm://192.168.56.101,192.168.56.102"');
    expect(galera.source?.section).toBe('Database: Configuring MySQL for Galera');
    // A file guard embeds the whole file: described, not quoted.
    expect(galera.done).toEqual([
      '/etc/mysql/mariadb.conf.d/60-galera.cnf has exactly the content shown, owner root:root, mode 0644, on controller1.',
      'A re-run skips the step where all of this is already true (its guard checks it).',
    ]);
  });

  it('masks secrets as the plan does, and reveals them when given', () => {
    const design = load(bookLab);
    const plan = compilePlan(design);
    const name = plan.secrets[0]!.name;
    const holder = plan.steps.find((s) => JSON.stringify(s.actions).includes(`{{secret:${name}}}`))!;
    const masked = section(buildGuide(design, plan), holder.id);
    expect(allText(masked)).toContain(`«secret:${name}»`);
    const revealed = section(buildGuide(design, plan, { secrets: { [name]: 'hunter2-value' } }), holder.id);
    expect(allText(revealed)).toContain('hunter2-value');
    expect(allText(revealed)).not.toContain(`«secret:${name}»`);
  });

  it('says what this design means for quorum', () => {
    const facts = (text: string) => {
      const quorum = guideOf(text).guide.chapters[0]!.sections.find((s) => s.id === 'concepts.quorum')!;
      return quorum.kind === 'concept' ? quorum.inThisDesign : [];
    };
    expect(facts(fieldReport)[0]).toBe(
      'Galera: 3 votes (controller01, controller02, tiebreaker; tiebreaker runs garbd, a vote without data); quorum is 2, so the database survives 1 node failing.',
    );
    expect(facts(fieldReport)[1]).toContain('two_node');
    expect(facts(haReference).join(' ')).toContain('quorum is 2, so the database survives 1 node failing');
  });

  it('says plainly what a training lab cannot show', () => {
    const { guide } = guideOf(dvr);
    const neutron = guide.chapters.find((c) => c.id === 'neutron')!;
    expect(neutron.labLimits.join(' ')).toContain('no Open vSwitch kernel datapath');
    const compute = guide.chapters.find((c) => c.id === 'compute')!;
    expect(compute.labLimits.join(' ')).toContain('no nested virtualisation');
    expect(guide.chapters.find((c) => c.id === 'database')!.labLimits).toEqual([]);
  });
});

describe('majorityOf', () => {
  it.each([
    [1, 1, 0],
    [2, 2, 0],
    [3, 2, 1],
    [4, 3, 1],
    [5, 3, 2],
  ])('%i voters: quorum %i, tolerates %i', (voters, quorum, tolerates) => {
    expect(majorityOf(voters)).toEqual({ quorum, tolerates });
  });
});

describe('doneCriteria', () => {
  const base: Step = {
    id: 'x.check',
    title: 'x',
    phase: 'database',
    why: 'w',
    guide: null,
    targets: { selector: { kind: 'all' }, nodes: ['a', 'b'] },
    mode: 'parallel',
    dependsOn: [],
    actions: [{ kind: 'run', command: 'true', sudo: true, okExitCodes: [0] }],
    guard: null,
    rerunSafe: true,
  };

  it('names each check with its expectation, and quotes a short guard', () => {
    const step: Step = {
      ...base,
      actions: [
        {
          kind: 'check',
          command: 'mysql -e "SHOW STATUS"',
          expect: { kind: 'stdout-contains', text: 'Synced' },
          sudo: true,
          description: 'Galera is synced',
        },
      ],
      guard: { command: 'test -e /done-{{secret:db_password}}', sudo: true },
    };
    expect(doneCriteria(step, ['c1', 'c2'])).toEqual([
      'Galera is synced: output containing "Synced" on c1, c2.',
      'Already done where `test -e /done-«secret:db_password»` succeeds; a re-run then skips the step.',
    ]);
  });

  it('falls back to exit status 0 for commands', () => {
    expect(doneCriteria(base, ['c1'])).toEqual(['Every command ends with exit status 0 on c1.']);
  });
});
