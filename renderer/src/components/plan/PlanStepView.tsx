import { useState } from 'react';
import type { Action, Step } from '../../../../shared/plan/types';
import { describeExpectation } from '../../../../shared/runbook/render';
import { CodeBlock } from './CodeBlock';
import { Highlighted, languageOf } from './Highlighted';

function ActionView({ action }: { action: Action }) {
  switch (action.kind) {
    case 'run':
      return <Highlighted text={action.command} language="sh" />;
    case 'write-file':
      return (
        <CodeBlock
          head={action.path}
          note={`${action.owner}:${action.group} ${action.mode}`}
          text={action.content}
          language={languageOf(action.path)}
        />
      );
    case 'check':
      return (
        <CodeBlock
          head={`Check${action.description ? `: ${action.description}` : ''}`}
          note={`expects ${describeExpectation(action)}`}
          text={action.command}
          language="sh"
        />
      );
  }
}

/** One step: a summary line that expands to its why, guard and actions per node (rendered only when open). */
export function PlanStepView({
  step,
  hostnames,
  change,
}: {
  step: Step;
  hostnames: Map<string, string>;
  change: 'added' | 'changed' | null;
}) {
  const [open, setOpen] = useState(false);
  const targets = step.targets.nodes.map((id) => hostnames.get(id) ?? id);
  return (
    <details
      className="plan-step"
      data-testid={`step-${step.id}`}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        <span className="plan-step-title">{step.title}</span>
        {change && (
          <span className={`plan-badge plan-badge-${change}`}>{change === 'added' ? 'new' : 'changed'}</span>
        )}
        {!step.rerunSafe && <span className="plan-badge plan-badge-once">runs once</span>}
        <code className="plan-step-id">{step.id}</code>
        <span className="plan-step-targets muted">
          {targets.length > 4
            ? `${targets.slice(0, 3).join(', ')} +${targets.length - 3}`
            : targets.join(', ')}
        </span>
      </summary>
      {open && (
        <div className="plan-step-body">
          <p>{step.why}</p>
          {step.guide && (
            <p className="muted">
              {step.guide.source} — {step.guide.section}
            </p>
          )}
          {step.guard && (
            <p className="muted">
              Skipped where already done: <code>{step.guard.command}</code>
            </p>
          )}
          <h4>
            On {targets.join(', ')} (
            {step.mode === 'serial'
              ? 'one node after another'
              : step.mode === 'one'
                ? 'this node'
                : 'in parallel'}
            )
          </h4>
          {step.actions.map((action, i) => (
            <ActionView key={i} action={action} />
          ))}
        </div>
      )}
    </details>
  );
}
