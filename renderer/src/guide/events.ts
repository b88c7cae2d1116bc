/**
 * The Guide tab's reactions to backend events (run states, verify reports). Kept apart from its actions so
 * the session wiring, loaded at start-up, does not pull in the plan compiler and the verify checks.
 */
import type { RunState } from '../../../shared/deploy/run-state';
import { checkpointId } from '../../../shared/guide/checkpoints';
import { stepsDoneInRun } from '../../../shared/guide/progress';
import { reportPassed, type VerifyReport } from '../../../shared/verify/types';
import { useStore } from '../store';

/** Whether a run was started by the Guide tab (a single step: no automatic verification after it). */
export function isGuideRun(run: RunState): boolean {
  return useStore.getState().guideRun?.runId === run.runId;
}

/** On every run state: a step the guide ran is done once every node ended ok. */
export function noteGuideRun(run: RunState): void {
  const { guideRun, design, markGuideDone } = useStore.getState();
  if (!guideRun || guideRun.runId !== run.runId || run.status !== 'done') return;
  const done = stepsDoneInRun(run).filter((id) => id === guideRun.step);
  if (done.length > 0) markGuideDone(design.name, done);
}

/** On every verify report: the guide's checkpoint passed marks its chapter passed. */
export function noteGuideCheckpoint(report: VerifyReport): void {
  const { guideCheckpoint, design, markGuideDone } = useStore.getState();
  if (guideCheckpoint?.reportId !== report.id || !reportPassed(report)) return;
  markGuideDone(design.name, [checkpointId(guideCheckpoint.chapter)]);
}
