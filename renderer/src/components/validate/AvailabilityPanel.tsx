import { useId, useMemo, useState } from 'react';
import {
  SLA_TABLE,
  estimateAvailability,
  formatDowntime,
  formatNines,
  type NodeReliability,
} from '../../../../shared/simulation/availability';
import { useStore } from '../../store';
import { NodeReliabilityTable } from './NodeReliabilityTable';

function HoursField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number;
  onChange: (hours: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const number = Number(text);
  const invalid = !(Number.isFinite(number) && number > 0);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="decimal"
        value={text}
        aria-invalid={invalid}
        onChange={(e) => {
          setText(e.target.value);
          const next = Number(e.target.value);
          if (Number.isFinite(next) && next > 0) onChange(next);
        }}
      />
      {invalid && <span className="field-error">A positive number of hours.</span>}
    </div>
  );
}

/** The availability model: editable MTTF/MTTR, per-service and control-plane figures, the SLA table. */
export function AvailabilityPanel() {
  const design = useStore((s) => s.validatedDesign);
  const reliability = useStore((s) => s.reliability);
  const perNode = useStore((s) => s.reliabilityPerNode);
  const setReliability = useStore((s) => s.setReliability);
  const estimate = useMemo(() => {
    if (!design || design.nodes.length === 0) return null;
    const overrides = Object.fromEntries(
      Object.entries(perNode).map(([id, r]) => [id, { ...reliability, ...r }]),
    );
    return estimateAvailability(design, { defaults: reliability, perNode: overrides });
  }, [design, reliability, perNode]);
  const update = (patch: Partial<NodeReliability>) => setReliability({ ...reliability, ...patch });
  return (
    <section className="card avail-panel" aria-labelledby="avail-heading" data-testid="availability">
      <h2 id="avail-heading">
        Availability estimate <span className="model-label">model</span>
      </h2>
      <div className="avail-inputs">
        <HoursField
          label="MTTF per node (hours)"
          value={reliability.mttfHours}
          onChange={(h) => update({ mttfHours: h })}
        />
        <HoursField
          label="MTTR per node (hours)"
          value={reliability.mttrHours}
          onChange={(h) => update({ mttrHours: h })}
        />
      </div>
      {design && design.nodes.length > 0 && <NodeReliabilityTable design={design} />}
      {estimate ? (
        <>
          <p className="avail-headline" data-testid="control-plane-availability">
            Control plane: <strong>{formatNines(estimate.controlPlane)}</strong>, about{' '}
            {formatDowntime(estimate.controlPlane.downtimeMinutesPerYear)} down per year
            <span className="muted"> (one node: {formatNines(estimate.node)})</span>
          </p>
          <table className="sim-table">
            <thead>
              <tr>
                <th>Service</th>
                <th>Needs</th>
                <th>Availability</th>
                <th>Downtime / year</th>
              </tr>
            </thead>
            <tbody>
              {estimate.services.map((s) => (
                <tr key={s.id}>
                  <td>{s.label}</td>
                  <td>{s.kOfN}</td>
                  <td>{formatNines(s)}</td>
                  <td>{formatDowntime(s.downtimeMinutesPerYear)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <details className="sla">
            <summary>SLA levels (Learning OpenStack High Availability, chapter 1)</summary>
            <table className="sim-table">
              <thead>
                <tr>
                  <th>Level</th>
                  <th>Downtime / day</th>
                  <th>/ month</th>
                  <th>/ year</th>
                </tr>
              </thead>
              <tbody>
                {SLA_TABLE.map((row) => (
                  <tr
                    key={row.level}
                    className={estimate.controlPlane.availability >= row.availability ? 'sla-met' : undefined}
                  >
                    <td>{row.level}</td>
                    <td>{row.perDay}</td>
                    <td>{row.perMonth}</td>
                    <td>{row.perYear}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <ul className="assumptions">
            {estimate.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">Add nodes to the design to estimate its availability.</p>
      )}
    </section>
  );
}
