import { beforeEach, expect, test } from 'vitest';
import { initialRunState } from '../../../shared/deploy/run-state';
import { compilePlan } from '../../../shared/plan/compile';
import { templateDesigns } from '../../../shared/plan/fixtures/designs';
import type { VerifyReport } from '../../../shared/verify/types';
import { useStore } from '../store';
import { chapterCheckpoint } from './actions';
import { isGuideRun, noteGuideCheckpoint, noteGuideRun } from './events';

const design = templateDesigns()['ha-guide-reference']!;

beforeEach(() => {
  useStore.setState({ design, guideRun: null, guideCheckpoint: null, guideProgress: {} });
});

test('a step the guide ran is done once every node ended ok; other runs and failures are not', () => {
  const plan = compilePlan(design);
  const step = plan.steps.find((s) => s.id === 'preflight.access')!;
  const one = { ...plan, steps: [step] };
  const run = initialRunState('r1', one, '2026-01-01T00:00:00Z');
  useStore.setState({ guideRun: { runId: 'r1', step: step.id } });
  expect(isGuideRun(run)).toBe(true);
  expect(isGuideRun({ ...run, runId: 'r2' })).toBe(false);

  const nodes = Object.keys(run.tasks[step.id]!);
  const ended = (status: 'ok' | 'failed') => ({
    ...run,
    status: 'done' as const,
    tasks: {
      [step.id]: Object.fromEntries(
        nodes.map((n, i) => [n, { ...run.tasks[step.id]![n]!, status: i === 0 ? status : 'ok' }]),
      ),
    },
  });
  noteGuideRun(ended('failed'));
  noteGuideRun({ ...ended('ok'), runId: 'someone-else' });
  expect(useStore.getState().guideProgress[design.name]).toBeUndefined();
  noteGuideRun(ended('ok'));
  expect(useStore.getState().guideProgress[design.name]).toEqual([step.id]);
});

test('a chapter’s checkpoint passes only when its own report is all green', () => {
  const checks = chapterCheckpoint(design, 'database');
  expect(checks.map((c) => c.id)).toContain('galera.cluster-size');
  const cells = checks.flatMap((c) =>
    c.nodes.map((node) => ({
      check: c.id,
      node,
      status: 'pass' as const,
      observed: '',
      expected: '',
      tail: '',
      exitCode: 0,
    })),
  );
  const report: VerifyReport = {
    id: 'v1',
    runId: null,
    status: 'done',
    startedAt: '',
    finishedAt: '',
    nodes: [],
    checks,
    results: cells,
  };
  useStore.setState({ guideCheckpoint: { chapter: 'database', reportId: 'v1' } });
  noteGuideCheckpoint({ ...report, results: [{ ...cells[0]!, status: 'fail' }, ...cells.slice(1)] });
  noteGuideCheckpoint({ ...report, id: 'v0' });
  expect(useStore.getState().guideProgress[design.name]).toBeUndefined();
  noteGuideCheckpoint(report);
  expect(useStore.getState().guideProgress[design.name]).toEqual(['checkpoint:database']);
});
