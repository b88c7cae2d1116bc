import type { Design } from '../../../../shared/design/schema';
import type { NodeReliability } from '../../../../shared/simulation/availability';
import { useStore } from '../../store';

function OverrideInput({
  node,
  field,
  label,
}: {
  node: string;
  field: keyof NodeReliability;
  label: string;
}) {
  const value = useStore((s) => s.reliabilityPerNode[node]?.[field]);
  const fallback = useStore((s) => s.reliability[field]);
  const setNodeReliability = useStore((s) => s.setNodeReliability);
  return (
    <input
      aria-label={label}
      inputMode="decimal"
      className="hours-input"
      placeholder={String(fallback)}
      defaultValue={value === undefined ? '' : String(value)}
      onChange={(e) => {
        const text = e.target.value.trim();
        const hours = Number(text);
        if (text === '') setNodeReliability(node, field, undefined);
        else if (Number.isFinite(hours) && hours > 0) setNodeReliability(node, field, hours);
      }}
    />
  );
}

/** MTTF/MTTR per node; an empty field uses the default above (shown greyed). */
export function NodeReliabilityTable({ design }: { design: Design }) {
  const overridden = useStore((s) => Object.keys(s.reliabilityPerNode).length);
  return (
    <details className="per-node">
      <summary>Per node {overridden > 0 && <span className="muted">({overridden} changed)</span>}</summary>
      <table className="sim-table">
        <thead>
          <tr>
            <th>Node</th>
            <th>MTTF (h)</th>
            <th>MTTR (h)</th>
          </tr>
        </thead>
        <tbody>
          {design.nodes.map((n) => (
            <tr key={n.id}>
              <td>{n.hostname}</td>
              <td>
                <OverrideInput node={n.id} field="mttfHours" label={`MTTF of ${n.hostname} (hours)`} />
              </td>
              <td>
                <OverrideInput node={n.id} field="mttrHours" label={`MTTR of ${n.hostname} (hours)`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
