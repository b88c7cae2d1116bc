import { describe, expect, it } from 'vitest';
import { pendingTask, type RunState, type TaskState } from '../deploy/run-state';
import { chapterProgress, stepsDoneInRun } from './progress';
import type { GuideChapter } from './types';

const task = (status: TaskState['status']): TaskState => ({ ...pendingTask(), status });

function run(tasks: Record<string, TaskState['status'][]>): RunState {
  return {
    runId: 'r',
    status: 'done',
    startedAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    tasks: Object.fromEntries(
      Object.entries(tasks).map(([step, statuses]) => [
        step,
        Object.fromEntries(statuses.map((s, i) => [`n${i}`, task(s)])),
      ]),
    ),
  };
}

describe('stepsDoneInRun', () => {
  it('counts a step done only when every node ended ok', () => {
    expect(
      stepsDoneInRun(
        run({ a: ['ok', 'ok'], b: ['ok', 'failed'], c: ['skipped'], d: ['ok', 'running'], e: [] }),
      ),
    ).toEqual(['a']);
    expect(stepsDoneInRun(null)).toEqual([]);
  });
});

describe('chapterProgress', () => {
  const chapter: GuideChapter = {
    id: 'database',
    title: 'Database',
    phase: 'database',
    intro: '',
    labLimits: [],
    sections: ['x', 'y', 'z'].map((id) => ({
      kind: 'step' as const,
      id,
      title: id,
      why: '',
      nodes: [],
      nodeIds: [],
      order: '',
      actions: [],
      source: null,
      done: [],
      rerunSafe: true,
    })),
  };
  it('counts the sections done and says when all are', () => {
    expect(chapterProgress(chapter, new Set(['x', 'other']))).toEqual({ done: 1, total: 3, complete: false });
    expect(chapterProgress(chapter, new Set(['x', 'y', 'z']))).toEqual({ done: 3, total: 3, complete: true });
    expect(chapterProgress({ ...chapter, sections: [] }, new Set())).toEqual({
      done: 0,
      total: 0,
      complete: false,
    });
  });
});
