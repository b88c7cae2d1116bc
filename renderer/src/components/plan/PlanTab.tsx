import { useEffect, useMemo, useState } from 'react';
import { compilePlan } from '../../../../shared/plan/compile';
import { deployCurrentDesign } from '../../deploy/actions';
import { diffPlans, type PlanDiff } from '../../../../shared/plan/diff';
import type { Plan } from '../../../../shared/plan/types';
import { PHASE_TITLES } from '../../../../shared/runbook/render';
import { useStore } from '../../store';
import { PlanStepView } from './PlanStepView';
import './plan.css';

const NO_CHANGE: PlanDiff = { added: [], removed: [], changed: [] };

function compile(design: Parameters<typeof compilePlan>[0]): { plan: Plan | null; error: string | null } {
  try {
    return { plan: compilePlan(design), error: null };
  } catch (error) {
    return { plan: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The Plan tab: the design compiled (in the renderer: compilation is pure) into steps grouped by phase. */
export function PlanTab() {
  const design = useStore((s) => s.design);
  const path = useStore((s) => s.path);
  const { plan, error } = useMemo(() => compile(design), [design]);
  const [diff, setDiff] = useState<PlanDiff>(NO_CHANGE);
  useEffect(() => {
    // Compared with the plan as last shown (kept in the store across tab switches); a different
    // project is not a change of this one.
    const { planBaseline, setPlanBaseline } = useStore.getState();
    setDiff(
      planBaseline && plan && planBaseline.path === path ? diffPlans(planBaseline.plan, plan) : NO_CHANGE,
    );
    if (plan) setPlanBaseline({ plan, path });
  }, [plan, path]);

  if (error || !plan) {
    return (
      <section className="card" data-testid="plan-error">
        <h2>The plan cannot be compiled</h2>
        <p>{error}</p>
      </section>
    );
  }
  if (design.nodes.length === 0) {
    return (
      <section className="card" data-testid="plan-empty">
        <h2>No nodes yet</h2>
        <p className="muted">
          Draw nodes on the Design tab (or open a sample) and their deployment plan appears here.
        </p>
      </section>
    );
  }
  const hostnames = new Map(design.nodes.map((n) => [n.id, n.hostname]));
  const phases: { phase: string; steps: Plan['steps'] }[] = [];
  for (const step of plan.steps) {
    const last = phases[phases.length - 1];
    if (last && last.phase === step.phase) last.steps.push(step);
    else phases.push({ phase: step.phase, steps: [step] });
  }
  const added = new Set(diff.added);
  const changed = new Set(diff.changed);
  const anyChange = diff.added.length + diff.changed.length + diff.removed.length > 0;
  return (
    <div className="plan" data-testid="plan">
      <header className="plan-header">
        <h2>
          {plan.steps.length} steps · {plan.secrets.length} secrets · OpenStack {plan.release} on{' '}
          {plan.distro}
        </h2>
        <button type="button" className="primary" onClick={() => void deployCurrentDesign()}>
          Deploy this plan…
        </button>
        <p className="muted" data-testid="plan-changes" aria-live="polite">
          {anyChange
            ? `Since the last change: ${diff.added.length} new, ${diff.changed.length} changed, ${diff.removed.length} removed${diff.removed.length ? ` (${diff.removed.slice(0, 4).join(', ')}${diff.removed.length > 4 ? ', …' : ''})` : ''}.`
            : 'Steps in the HA guide’s order. Open a step to see its commands and files per node; secrets appear as {{secret:NAME}}.'}
        </p>
      </header>
      {phases.map(({ phase, steps }) => (
        <section
          key={phase}
          className="plan-phase"
          data-testid={`phase-${phase}`}
          aria-label={PHASE_TITLES[phase] ?? phase}
        >
          <h3>
            {PHASE_TITLES[phase] ?? phase} <span className="muted">({steps.length})</span>
          </h3>
          {steps.map((step) => (
            <PlanStepView
              key={step.id}
              step={step}
              hostnames={hostnames}
              change={added.has(step.id) ? 'added' : changed.has(step.id) ? 'changed' : null}
            />
          ))}
        </section>
      ))}
    </div>
  );
}
