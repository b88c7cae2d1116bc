/** What changed between two compiles of a design: steps added, removed and changed (by id). */
import type { Plan, Step } from './types';

/** Step ids by kind of change; `changed` means same id, different targets, actions or guard. */
export interface PlanDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

function fingerprint(step: Step): string {
  return JSON.stringify([step.targets.nodes, step.actions, step.guard, step.mode]);
}

/** Compares two plans (either may be null: no previous plan means nothing changed). */
export function diffPlans(before: Plan | null, after: Plan | null): PlanDiff {
  if (!before || !after) return { added: [], removed: [], changed: [] };
  const old = new Map(before.steps.map((s) => [s.id, fingerprint(s)]));
  const now = new Set(after.steps.map((s) => s.id));
  const added: string[] = [];
  const changed: string[] = [];
  for (const step of after.steps) {
    const previous = old.get(step.id);
    if (previous === undefined) added.push(step.id);
    else if (previous !== fingerprint(step)) changed.push(step.id);
  }
  return { added, removed: before.steps.filter((s) => !now.has(s.id)).map((s) => s.id), changed };
}
