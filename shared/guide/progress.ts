/**
 * Guide progress from what is known: sections the trainee finished (kept per design by the caller) and
 * steps a run finished on every node. Pure: the Guide tab and a later progress store share it.
 */
import type { RunState } from '../deploy/run-state';
import type { GuideChapter } from './types';

/** Ids of the steps whose every task in the run ended ok (by running, or because its guard found it done). */
export function stepsDoneInRun(run: RunState | null): string[] {
  if (!run) return [];
  return Object.entries(run.tasks)
    .filter(([, byNode]) => {
      const tasks = Object.values(byNode);
      return tasks.length > 0 && tasks.every((t) => t.status === 'ok');
    })
    .map(([step]) => step);
}

/** How far a chapter is: sections done of all its sections; `complete` when every one is. */
export function chapterProgress(
  chapter: GuideChapter,
  done: ReadonlySet<string>,
): { done: number; total: number; complete: boolean } {
  const total = chapter.sections.length;
  const count = chapter.sections.filter((s) => done.has(s.id)).length;
  return { done: count, total, complete: total > 0 && count === total };
}
