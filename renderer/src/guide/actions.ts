/**
 * What the Guide tab's buttons do: run one step through the deploy backend (the same runner, credentials
 * and host keys as the Deploy tab), and note steps done when their run ends.
 */
import type { RunState } from '../../../shared/deploy/run-state';
import { stepsDoneInRun } from '../../../shared/guide/progress';
import { compilePlan } from '../../../shared/plan/compile';
import { api } from '../api';
import { resetTerminals } from '../deploy/terminals';
import { useStore } from '../store';

/**
 * "Run it for me": hands the open design's plan to the backend (so the step runs with this design's
 * commands) and runs that one step alone; its output goes to the terminal beside the text.
 */
export async function runGuideStep(stepId: string): Promise<void> {
  const store = useStore.getState();
  try {
    const plan = compilePlan(store.design);
    await api().deployLoadPlan({ plan });
    store.setDeployPlan(plan);
    resetTerminals(Object.fromEntries(plan.nodes.map((n) => [n.id, n.hostname])));
    store.setTerminalTab('all');
    const { runId } = await api().deployRunStep({
      step: stepId,
      options: { concurrency: 16, onFailure: 'continue-other-nodes' },
    });
    useStore.getState().setGuideRun({ runId, step: stepId });
  } catch (error) {
    useStore.getState().showNotice(`Guide: ${(error as Error).message}`);
  }
}

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
