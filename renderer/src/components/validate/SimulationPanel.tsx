import { useMemo } from 'react';
import type { Design } from '../../../../shared/design/schema';
import {
  prepareSimulation,
  simulatePrepared,
  type ServiceState,
} from '../../../../shared/simulation/simulate';
import { describeSweep, pairFailureSweep, singleFailureSweep } from '../../../../shared/simulation/sweep';
import { useStore } from '../../store';

/** Above this many nodes the pair sweep (n² simulations) is skipped in the UI to keep it responsive. */
const PAIR_SWEEP_MAX_NODES = 60;

function StatePill({ state }: { state: ServiceState }) {
  return <span className={`pill pill-${state}`}>{state}</span>;
}

function Sweeps({ design }: { design: Design }) {
  const lines = useMemo(() => {
    const prepared = prepareSimulation(design);
    const names = new Map(design.nodes.map((n) => [n.id, n.hostname]));
    const hostname = (id: string) => names.get(id) ?? id;
    const single = singleFailureSweep(design, prepared);
    const pair = design.nodes.length <= PAIR_SWEEP_MAX_NODES ? pairFailureSweep(design, prepared) : null;
    return {
      single: { ok: single.survives, text: describeSweep(single, hostname) },
      pair: pair
        ? { ok: pair.survives, text: describeSweep(pair, hostname) }
        : { ok: false, text: `any two node failures: not computed above ${PAIR_SWEEP_MAX_NODES} nodes` },
    };
  }, [design]);
  return (
    <ul className="sweeps" data-testid="sweeps">
      <li className={lines.single.ok ? 'sweep-ok' : 'sweep-bad'} data-testid="sweep-single">
        {lines.single.text}
      </li>
      <li className={lines.pair.ok ? 'sweep-ok' : 'sweep-bad'} data-testid="sweep-pair">
        {lines.pair.text}
      </li>
    </ul>
  );
}

function FailureChoices({ design }: { design: Design }) {
  const failedNodes = useStore((s) => s.failedNodes);
  const failedNetworks = useStore((s) => s.failedNetworks);
  const failedZones = useStore((s) => s.failedZones);
  const highlighted = useStore((s) => s.highlightedNodes);
  const toggleFailed = useStore((s) => s.toggleFailed);
  const clearFailures = useStore((s) => s.clearFailures);
  const zones = [...new Set(design.nodes.flatMap((n) => (n.zone ? [n.zone] : [])))];
  return (
    <fieldset className="failure-choices" data-testid="failure-choices">
      <legend>Fail</legend>
      <div className="choice-group" role="group" aria-label="Nodes">
        <h4>Nodes</h4>
        {design.nodes.map((n) => (
          <label key={n.id} className={highlighted.includes(n.id) ? 'choice highlighted' : 'choice'}>
            <input
              type="checkbox"
              checked={failedNodes.includes(n.id)}
              onChange={() => toggleFailed('nodes', n.id)}
            />
            <span>{n.hostname}</span>
            <span className="muted small">{n.roles.join(', ')}</span>
          </label>
        ))}
      </div>
      {design.networks.length > 0 && (
        <div className="choice-group" role="group" aria-label="Networks">
          <h4>Networks</h4>
          {design.networks.map((n) => (
            <label key={n.id} className="choice">
              <input
                type="checkbox"
                checked={failedNetworks.includes(n.id)}
                onChange={() => toggleFailed('networks', n.id)}
              />
              <span>{n.name}</span>
              <span className="muted small">{n.cidr}</span>
            </label>
          ))}
        </div>
      )}
      {zones.length > 0 && (
        <div className="choice-group" role="group" aria-label="Zones">
          <h4>Zones</h4>
          {zones.map((z) => (
            <label key={z} className="choice">
              <input
                type="checkbox"
                checked={failedZones.includes(z)}
                onChange={() => toggleFailed('zones', z)}
              />
              <span>{z}</span>
            </label>
          ))}
        </div>
      )}
      <button
        type="button"
        onClick={clearFailures}
        disabled={failedNodes.length + failedNetworks.length + failedZones.length === 0}
      >
        Repair all
      </button>
    </fieldset>
  );
}

/** Each service's state and where the VIPs land for the failures chosen (also shown on the canvas). */
export function SimulationOutcome({ design }: { design: Design }) {
  const failedNodes = useStore((s) => s.failedNodes);
  const failedNetworks = useStore((s) => s.failedNetworks);
  const failedZones = useStore((s) => s.failedZones);
  const prepared = useMemo(() => prepareSimulation(design), [design]);
  const result = useMemo(
    () => simulatePrepared(prepared, { nodes: failedNodes, networks: failedNetworks, zones: failedZones }),
    [prepared, failedNodes, failedNetworks, failedZones],
  );
  const hostname = (id: string | null) =>
    id ? (design.nodes.find((n) => n.id === id)?.hostname ?? id) : '—';
  return (
    <div className="sim-outcome" data-testid="simulation-result">
      <p className="control-plane">
        Control plane: <StatePill state={result.controlPlane} />
      </p>
      <table className="sim-table">
        <thead>
          <tr>
            <th>Service</th>
            <th>State</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {result.services.map((s) => (
            <tr key={s.id} data-testid={`service-${s.id}`}>
              <td>{s.label}</td>
              <td>
                <StatePill state={s.state} />
              </td>
              <td className="muted">{s.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.vips.length > 0 && (
        <table className="sim-table">
          <thead>
            <tr>
              <th>VIP</th>
              <th>Address</th>
              <th>Held by</th>
            </tr>
          </thead>
          <tbody>
            {result.vips.map((v) => (
              <tr key={v.id} data-testid={`vip-${v.id}`}>
                <td>{v.name}</td>
                <td>
                  <code>{v.address}</code>
                </td>
                <td>
                  {v.holder ? hostname(v.holder) : <span className="pill pill-down">nobody</span>}
                  {v.holder && v.moved && (
                    <span className="muted"> (moved from {hostname(v.preferred)})</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.broken.length > 0 && (
        <div className="broken" data-testid="broken">
          <h4>What broke</h4>
          <ul>
            {result.broken.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** What-if: fail nodes, networks or zones and see each service's state and where the VIPs land. */
export function SimulationPanel() {
  const design = useStore((s) => s.validatedDesign);
  if (!design) return null;
  return (
    <section className="card sim-panel" aria-labelledby="sim-heading">
      <h2 id="sim-heading">Simulate failures</h2>
      {design.nodes.length === 0 ? (
        <p className="muted">Add nodes to the design to simulate failures.</p>
      ) : (
        <>
          <Sweeps design={design} />
          <div className="sim-grid">
            <FailureChoices design={design} />
            <SimulationOutcome design={design} />
          </div>
        </>
      )}
    </section>
  );
}
