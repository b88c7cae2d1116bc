import { useMemo } from 'react';
import { reportCounts, type VerifyReport } from '../../../../shared/verify/types';
import { chapterCheckpoint, runCheckpoint } from '../../guide/actions';
import { useStore } from '../../store';

function cellsOf(report: VerifyReport, check: string) {
  return report.results.filter((r) => r.check === check);
}

/**
 * The chapter's checkpoint: the verification checks that show its work holds on the nodes. Passed when
 * every check is green on every node; kept with the design's guide progress.
 */
export function Checkpoint({ chapter, passed }: { chapter: string; passed: boolean }) {
  const design = useStore((s) => s.design);
  const checkpoint = useStore((s) => s.guideCheckpoint);
  const report = useStore((s) => s.verifyReport);
  const checks = useMemo(() => chapterCheckpoint(design, chapter), [design, chapter]);
  if (checks.length === 0) return null;
  const mine = checkpoint?.chapter === chapter && report?.id === checkpoint.reportId ? report : null;
  const counts = mine ? reportCounts(mine) : null;
  const hostnames = new Map(design.nodes.map((n) => [n.id, n.hostname]));
  return (
    <section
      className="guide-section card guide-checkpoint"
      aria-label="Checkpoint"
      data-testid="guide-checkpoint"
    >
      <header className="guide-section-head">
        <h3>Checkpoint</h3>
        {passed && <span className="guide-done">✔ Passed</span>}
      </header>
      <p>These checks show the chapter’s work holds on the nodes. They change nothing.</p>
      <ul className="guide-checkpoint-list">
        {checks.map((check) => {
          const cells = mine ? cellsOf(mine, check.id) : [];
          const failed = cells.filter((c) => c.status !== 'pass');
          const state =
            cells.length === 0
              ? 'pending'
              : failed.length > 0
                ? 'failed'
                : cells.length === check.nodes.length
                  ? 'ok'
                  : 'running';
          return (
            <li
              key={check.id}
              className={`task task-${state}`}
              data-testid={`guide-checkpoint-${check.id}`}
              data-status={state}
            >
              {state === 'ok' ? '✔' : state === 'failed' ? '✖' : '○'} {check.title}
              {failed.map((c) => (
                <span key={c.node} className="task-message">
                  {hostnames.get(c.node) ?? c.node}: {c.observed} (expected {c.expected})
                </span>
              ))}
            </li>
          );
        })}
      </ul>
      <div className="guide-step-actions">
        <button
          type="button"
          onClick={() => void runCheckpoint(chapter)}
          disabled={mine?.status === 'running'}
        >
          {mine?.status === 'running' ? 'Checking…' : 'Run the checkpoint'}
        </button>
        {counts && mine?.status === 'done' && (
          <span className="muted">
            {counts.pass} passed, {counts.fail} failed, {counts.error} could not be checked
          </span>
        )}
      </div>
    </section>
  );
}
