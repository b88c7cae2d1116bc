/**
 * What the Verify panel does: derive the checks from the open design (only nodes of the loaded plan), ask
 * the backend to run them, and load the last report after a (re)load.
 */
import type { RunState } from '../../../shared/deploy/run-state';
import type { Plan } from '../../../shared/plan/types';
import { verificationChecks } from '../../../shared/verify/checks';
import type { VerifyCheck } from '../../../shared/verify/types';
import { api } from '../api';
import { useStore } from '../store';

/** The plan's scope: it reaches Keystone only when compiled with the OpenStack services. */
function scopeOf(plan: Plan): 'full' | 'infrastructure' {
  return plan.steps.some((s) => s.phase === 'keystone') ? 'full' : 'infrastructure';
}

/** The open design's checks that run on nodes of the plan; else (with `fallback`) the last report's checks. */
export function checksToRun(fallback = true): VerifyCheck[] {
  const { design, deployPlan, verifyReport } = useStore.getState();
  if (!deployPlan) return [];
  const ids = new Set(deployPlan.nodes.map((n) => n.id));
  const derived =
    design.nodes.length > 0
      ? verificationChecks(design, { scope: scopeOf(deployPlan) }).filter((c) =>
          c.nodes.every((n) => ids.has(n)),
        )
      : [];
  if (derived.length > 0 || !fallback) return derived;
  return verifyReport?.checks ?? [];
}

/** "Verify now": runs the checks; results arrive as `verifyReport` events. */
export async function verifyNow(checks: VerifyCheck[] = checksToRun()): Promise<void> {
  const store = useStore.getState();
  if (checks.length === 0) {
    store.showNotice('Nothing to verify: the open design has no checks for the nodes of this plan.');
    return;
  }
  store.setVerifyStarting(true);
  try {
    await api().verifyRun({ checks });
  } catch (error) {
    useStore.getState().setVerifyStarting(false);
    useStore.getState().showNotice(`Verify: ${(error as Error).message}`);
  }
}

/** The last verification kept with the newest run (after start-up or a reload). */
export async function loadLastVerification(): Promise<void> {
  const { report } = await api().verifyLast({});
  useStore.getState().setVerifyReport(report);
}

/** When a run has just finished (this page saw it running): verify with the design's checks, if any. */
export function verifyAfterRun(before: RunState | null, after: RunState): void {
  if (after.status !== 'done' || !before || before.runId !== after.runId || before.status === 'done') return;
  const checks = checksToRun(false);
  if (checks.length > 0) void verifyNow(checks);
}
