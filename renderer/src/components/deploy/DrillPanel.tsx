import { useEffect, useState } from 'react';
import { drillFigures, drillPassed, drillSummary } from '../../../../shared/drill/figures';
import type { DrillAvailability, DrillRecord } from '../../../../shared/drill/types';
import { loadDrills, startDrill } from '../../deploy/drill-actions';
import { useStore } from '../../store';
import { Modal } from '../dialogs/Modal';

const MARK = { good: '✔', bad: '✘', info: '' } as const;

/** A drill's result as figures, green/red against their targets. */
export function DrillFigures({ record }: { record: DrillRecord }) {
  if (!record.result) return null;
  return (
    <table className="drill-figures" aria-label={`Drill figures ${record.kind}`}>
      <tbody>
        {drillFigures(record.result).map((f) => (
          <tr key={f.label} className={`drill-${f.status}`} data-status={f.status}>
            <th scope="row">{f.label}</th>
            <td>
              {MARK[f.status]} {f.value}
            </td>
            <td className="muted">{f.target ? `target ${f.target}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DrillOutcome({ record }: { record: DrillRecord }) {
  const passed = record.result ? drillPassed(record.result) : false;
  return (
    <div className="drill-outcome" data-testid="drill-outcome" data-status={record.status}>
      <p className={record.status === 'running' ? '' : passed ? 'verify-pass' : 'verify-fail'}>
        <strong>{record.kind}</strong> on lab {record.lab} — {new Date(record.startedAt).toLocaleString()}:{' '}
        {record.status === 'running'
          ? 'running…'
          : record.status === 'failed'
            ? `failed: ${record.error}`
            : passed
              ? 'every target met'
              : 'a target was missed'}
      </p>
      {record.lines.length > 0 && (
        <pre className="verify-tail drill-lines" aria-label="Drill progress">
          {record.lines.join('\n')}
        </pre>
      )}
      <DrillFigures record={record} />
    </div>
  );
}

function DrillButton({
  drill,
  busy,
  showReason,
  onAsk,
}: {
  drill: DrillAvailability;
  busy: boolean;
  /** False when the reason is shown once for every drill (it stays the button's hover title). */
  showReason: boolean;
  onAsk: (drill: DrillAvailability) => void;
}) {
  return (
    <li className="drill-row">
      <button
        data-testid={`drill-start-${drill.kind}`}
        disabled={!drill.available || busy}
        title={drill.reason ?? undefined}
        onClick={() => onAsk(drill)}
      >
        {drill.title}
      </button>
      <span className="muted">{drill.why}</span>
      {showReason && drill.reason && (
        <span className="drill-reason" data-testid={`drill-reason-${drill.kind}`}>
          {drill.reason}
        </span>
      )}
    </li>
  );
}

/** The reason every drill shares, when each has one and they are the same sentence (else null). */
function sharedDrillReason(drills: readonly DrillAvailability[]): string | null {
  const first = drills[0]?.reason ?? null;
  return first !== null && drills.every((d) => d.reason === first) ? first : null;
}

/** The Verify panel's "Failure drills", from the store; reloaded when the design or the run changes. */
export function DrillPanel() {
  const drills = useStore((s) => s.drills);
  const records = useStore((s) => s.drillRecords);
  const running = useStore((s) => s.drillRunning);
  const design = useStore((s) => s.design);
  const runStatus = useStore((s) => s.run?.status);
  useEffect(() => {
    void loadDrills().catch(() => undefined);
  }, [design, runStatus]);
  return <DrillSection drills={drills} records={records} running={running} />;
}

/** A button per drill (disabled with its reason, said once when every drill shares it), a confirmation, live lines, judged figures, earlier drills. */
export function DrillSection({
  drills,
  records,
  running,
}: {
  drills: DrillAvailability[];
  records: DrillRecord[];
  running: DrillRecord | null;
}) {
  const [asking, setAsking] = useState<DrillAvailability | null>(null);
  const latest = running ?? records[records.length - 1] ?? null;
  const earlier = records.filter((r) => r.id !== latest?.id).reverse();
  const shared = sharedDrillReason(drills);
  return (
    <div className="drill-panel" aria-label="Failure drills">
      <h3>Failure drills</h3>
      <ul className="drill-list">
        {drills.map((d) => (
          <DrillButton
            key={d.kind}
            drill={d}
            busy={running !== null}
            showReason={shared === null}
            onAsk={setAsking}
          />
        ))}
      </ul>
      {shared && (
        <p className="drill-reason drill-reason-shared" data-testid="drill-reason">
          {shared}
        </p>
      )}
      {latest && <DrillOutcome record={latest} />}
      {earlier.length > 0 && (
        <>
          <h4>Earlier drills of this run</h4>
          <ul className="drill-earlier" aria-label="Earlier drills">
            {earlier.map((r) => (
              <li key={r.id} className={r.result && drillPassed(r.result) ? 'verify-pass' : 'verify-fail'}>
                {new Date(r.startedAt).toLocaleString()} — {r.kind}:{' '}
                {r.result ? drillSummary(r.result) : `failed: ${r.error}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {asking && (
        <Modal
          title={`${asking.title}?`}
          testId="drill-confirm"
          onClose={() => setAsking(null)}
          footer={
            <>
              <button onClick={() => setAsking(null)}>Cancel</button>
              <button
                className="danger"
                data-testid="drill-confirm-start"
                onClick={() => {
                  const kind = asking.kind;
                  setAsking(null);
                  void startDrill(kind);
                }}
              >
                Power nodes off
              </button>
            </>
          }
        >
          <p>{asking.why}</p>
          <p>
            <strong>This powers off nodes of lab {asking.lab}</strong> (a hard power-off, as if the plug was
            pulled) and boots them again. Clients of the cluster see the outage.
          </p>
        </Modal>
      )}
    </div>
  );
}
