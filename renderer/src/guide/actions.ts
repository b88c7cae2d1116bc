/**
 * What the Guide tab's buttons do: run one step through the deploy backend (the same runner, credentials
 * and host keys as the Deploy tab), and note steps done when their run ends.
 */
import type { Design } from '../../../shared/design/schema';
import { checkpointChecks } from '../../../shared/guide/checkpoints';
import { verificationChecks } from '../../../shared/verify/checks';
import { compilePlan } from '../../../shared/plan/compile';
import { api } from '../api';
import type { StepCheckNode } from '../../../shared/api/operations/deploy';
import { openShell } from '../deploy/actions';
import { resetTerminals } from '../deploy/terminal-output';
import { useStore } from '../store';

/** Hands the open design's plan to the backend, so steps, shells and checks use this design's nodes. */
async function loadDesignPlan(): Promise<Record<string, string>> {
  const store = useStore.getState();
  const plan = compilePlan(store.design);
  await api().deployLoadPlan({ plan });
  store.setDeployPlan(plan);
  return Object.fromEntries(plan.nodes.map((n) => [n.id, n.hostname]));
}

/**
 * "Run it for me": hands the open design's plan to the backend (so the step runs with this design's
 * commands) and runs that one step alone; its output goes to the terminal beside the text.
 */
export async function runGuideStep(stepId: string): Promise<void> {
  try {
    resetTerminals(await loadDesignPlan());
    useStore.getState().setTerminalTab('all');
    const { runId } = await api().deployRunStep({
      step: stepId,
      options: { concurrency: 16, onFailure: 'continue-other-nodes' },
    });
    useStore.getState().setGuideRun({ runId, step: stepId });
  } catch (error) {
    useStore.getState().showNotice(`Guide: ${(error as Error).message}`);
  }
}

/** "I'll do it myself": an interactive shell on the node, in the terminal beside the text. */
export async function openGuideShell(node: string): Promise<void> {
  try {
    await loadDesignPlan();
    await openShell(node);
  } catch (error) {
    useStore.getState().showNotice(`Guide: ${(error as Error).message}`);
  }
}

/** "Check": the step's checks, files and guard on its nodes; done on every node marks it done. */
export async function checkGuideStep(stepId: string): Promise<StepCheckNode[] | null> {
  try {
    await loadDesignPlan();
    const { nodes } = await api().deployCheckStep({ step: stepId });
    if (nodes.length > 0 && nodes.every((n) => n.done)) {
      const { design, markGuideDone } = useStore.getState();
      markGuideDone(design.name, [stepId]);
    }
    return nodes;
  } catch (error) {
    useStore.getState().showNotice(`Guide: ${(error as Error).message}`);
    return null;
  }
}

/** The verification checks that close a chapter of the open design's guide. */
export function chapterCheckpoint(design: Design, chapter: string) {
  return checkpointChecks(chapter, verificationChecks(design));
}

/** Runs a chapter's checkpoint; its results arrive as verify reports (see noteGuideCheckpoint). */
export async function runCheckpoint(chapter: string): Promise<void> {
  const checks = chapterCheckpoint(useStore.getState().design, chapter);
  if (checks.length === 0) return;
  try {
    await loadDesignPlan();
    const { id } = await api().verifyRun({ checks });
    useStore.getState().setGuideCheckpoint({ chapter, reportId: id });
  } catch (error) {
    useStore.getState().showNotice(`Guide: ${(error as Error).message}`);
  }
}
