import { Fragment, useState } from 'react';
import { reportCounts, type CheckResult, type VerifyCheck } from '../../../../shared/verify/types';
import { checksToRun, verifyNow } from '../../deploy/verify-actions';
import { useStore } from '../../store';
import { DrillPanel } from './DrillPanel';

const MARK: Record<CheckResult['status'], string> = { pass: '✔', fail: '✘', error: '?' };

function cellTitle(result: CheckResult, check: VerifyCheck): string {
  const expected = result.expected ? `expected ${result.expected}` : '';
  return [`${MARK[result.status]} ${result.observed}`, expected, check.fix].filter(Boolean).join('\n');
}

/** One check's details: why/fix, and every node's output tail. */
function Details({ check, results }: { check: VerifyCheck; results: CheckResult[] }) {
  const hostnames = useStore((s) => s.verifyReport?.nodes ?? []);
  return (
    <div className="verify-details" data-testid={`verify-details-${check.id}`}>
      <p>
        <strong>Why / fix:</strong> {check.fix}
      </p>
      <p className="muted">
        <code>{check.command.split('\n')[0]}</code>
      </p>
      {results.map((r) => (
        <div key={r.node}>
          <div className={`verify-${r.status}`}>
            {MARK[r.status]} {hostnames.find((n) => n.id === r.node)?.hostname ?? r.node}: {r.observed}
            {r.expected && r.status !== 'pass' ? ` (expected ${r.expected})` : ''}
          </div>
          {r.tail && <pre className="verify-tail">{r.tail}</pre>}
        </div>
      ))}
    </div>
  );
}

/** The verification matrix: a row per check, a column per node, green/red/grey with the observed value. */
export function VerifyPanel() {
  const report = useStore((s) => s.verifyReport);
  const starting = useStore((s) => s.verifyStarting);
  const plan = useStore((s) => s.deployPlan);
  const [open, setOpen] = useState<string | null>(null);
  const running = starting || report?.status === 'running';
  const counts = report ? reportCounts(report) : null;
  return (
    <section className="card verify-panel" aria-label="Verify">
      <div className="verify-head">
        <h2>Verify</h2>
        <button disabled={running || !plan} onClick={() => void verifyNow(checksToRun())}>
          Verify now
        </button>
        {counts && (
          <span data-testid="verify-summary" className={counts.fail + counts.error > 0 ? 'verify-fail' : ''}>
            {report!.status === 'running' ? 'Verifying… ' : ''}
            {counts.pass} green, {counts.fail + counts.error} red
            {counts.pending ? `, ${counts.pending} to go` : ''} —{' '}
            {new Date(report!.startedAt).toLocaleString()}
          </span>
        )}
      </div>
      {!report && (
        <p className="muted">
          After a run, every check of the design (Galera size and state, HAProxy, the VIP, RabbitMQ,
          memcached, Pacemaker…) is asked on every node and shown here, green or red with what the node said.
        </p>
      )}
      {report && (
        <table className="verify-matrix" aria-label="Verification matrix">
          <thead>
            <tr>
              <th>Check</th>
              {report.nodes.map((n) => (
                <th key={n.id}>{n.hostname}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.checks.map((check) => {
              const results = report.results.filter((r) => r.check === check.id);
              const expanded = open === check.id;
              return (
                <Fragment key={check.id}>
                  <tr>
                    <th scope="row">
                      <button
                        className="link"
                        aria-expanded={expanded}
                        onClick={() => setOpen(expanded ? null : check.id)}
                      >
                        {expanded ? '▾' : '▸'} <span className="muted">{check.group}:</span> {check.title}
                      </button>
                    </th>
                    {report.nodes.map((n) => {
                      const r = results.find((x) => x.node === n.id);
                      const applies = check.nodes.includes(n.id);
                      const status = r?.status ?? (applies ? 'pending' : 'none');
                      return (
                        <td
                          key={n.id}
                          className={`verify-cell verify-${status}`}
                          data-testid={`verify-cell-${check.id}-${n.id}`}
                          data-status={status}
                          title={r ? cellTitle(r, check) : undefined}
                          onClick={() => setOpen(check.id)}
                        >
                          {r ? `${MARK[r.status]} ${r.observed}` : applies ? '…' : ''}
                        </td>
                      );
                    })}
                  </tr>
                  {expanded && (
                    <tr>
                      <td colSpan={report.nodes.length + 1}>
                        <Details check={check} results={results} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      <DrillPanel />
    </section>
  );
}
