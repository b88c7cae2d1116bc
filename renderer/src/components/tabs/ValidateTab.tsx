import { countBySeverity } from '../../../../shared/rules/validate';
import { useStore } from '../../store';
import { AvailabilityPanel } from '../validate/AvailabilityPanel';
import { FindingsList } from '../validate/FindingsList';
import { SimulationPanel } from '../validate/SimulationPanel';
import '../validate/validate.css';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Summary() {
  const findings = useStore((s) => s.findings);
  const counts = countBySeverity(findings);
  return (
    <p className="validate-summary" data-testid="validate-summary">
      <span className="sev-error">{count(counts.error, 'error', 'errors')}</span> ·{' '}
      <span className="sev-warning">{count(counts.warning, 'warning', 'warnings')}</span> ·{' '}
      <span>{count(counts.info, 'note', 'notes')}</span>
    </p>
  );
}

/** Validate: the HA rules' findings, failure what-ifs and the availability estimate. */
export function ValidateTab() {
  return (
    <div className="validate-tab">
      <section className="card findings-card" aria-labelledby="findings-heading">
        <h2 id="findings-heading">HA rules</h2>
        <Summary />
        <FindingsList />
      </section>
      <div className="validate-side">
        <SimulationPanel />
        <AvailabilityPanel />
      </div>
    </div>
  );
}
