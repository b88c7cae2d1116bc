import { useStore } from '../../store';
import { taskAction } from '../../deploy/actions';
import { orderSteps } from '../../../../shared/deploy/dry-run';
import type { TaskState } from '../../../../shared/deploy/run-state';

/** The one-character mark of a task state, in the step list and the Guide tab. */
export const SYMBOL: Record<TaskState['status'], string> = {
  pending: '○',
  running: '◐',
  ok: '✔',
  failed: '✖',
  unknown: '?',
  skipped: '↷',
};

/** Every step with its per-node status; Retry and Skip on failed or unknown ones. */
export function StepList() {
  const plan = useStore((s) => s.deployPlan);
  const run = useStore((s) => s.run);
  const showDialog = useStore((s) => s.showDialog);
  if (!plan) return null;
  const hostnames = new Map(plan.nodes.map((n) => [n.id, n.hostname]));
  return (
    <section className="card" aria-label="Steps">
      <h2>Steps</h2>
      <ol className="step-list">
        {orderSteps(plan).map((step) => (
          <li key={step.id} className="step-row" data-testid={`step-${step.id}`}>
            <div className="step-title">
              <strong>{step.title}</strong> <span className="muted">{step.mode}</span>
            </div>
            <ul className="step-nodes">
              {Object.entries(
                run?.tasks[step.id] ?? Object.fromEntries(step.targets.nodes.map((n) => [n, null])),
              ).map(([node, task]) => {
                const status = task?.status ?? 'pending';
                const name = hostnames.get(node) ?? node;
                return (
                  <li
                    key={node}
                    className={`task task-${status}`}
                    data-testid={`task-${step.id}-${node}`}
                    data-status={status}
                    title={task?.message ?? undefined}
                  >
                    <span aria-hidden="true">{SYMBOL[status]}</span> {name}: {status}
                    {task?.byGuard ? ' (already done)' : ''}
                    {task?.message && status !== 'ok' && (
                      <span className="task-message"> — {task.message}</span>
                    )}
                    {run && (status === 'failed' || status === 'unknown') && (
                      <>
                        <button onClick={() => void taskAction('deployRetry', step.id, node)}>
                          Retry {name}
                        </button>
                        <button
                          onClick={() =>
                            showDialog({
                              kind: 'confirm',
                              title: `Skip “${step.title}” on ${name}?`,
                              message:
                                'Skipping marks the step as done without running it; steps that depend on it will run. Only skip what you did by hand.',
                              confirmLabel: 'Skip',
                              onConfirm: () => void taskAction('deploySkip', step.id, node),
                            })
                          }
                        >
                          Skip {name}
                        </button>
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
