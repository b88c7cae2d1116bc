import { useMemo } from 'react';
import type { Finding, Severity } from '../../../../shared/rules/types';
import { useStore } from '../../store';

const GROUPS: { severity: Severity; title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Notes' },
];

function FindingItem({ finding, hostname }: { finding: Finding; hostname: (id: string) => string }) {
  const highlightNodes = useStore((s) => s.highlightNodes);
  const setTab = useStore((s) => s.setTab);
  const ref = finding.reference;
  return (
    <li>
      <details
        className={`finding finding-${finding.severity}`}
        data-testid="finding"
        data-rule={finding.ruleId}
        onToggle={(e) => {
          if ((e.currentTarget as HTMLDetailsElement).open) highlightNodes(finding.nodes);
        }}
      >
        <summary>
          <span className="finding-message">{finding.message}</span>
          <span className="finding-rule">{finding.ruleId}</span>
        </summary>
        <div className="finding-body">
          <p>{finding.why}</p>
          {finding.nodes.length > 0 && (
            <button
              type="button"
              onClick={() => {
                highlightNodes(finding.nodes);
                setTab('design');
              }}
            >
              Show on canvas
            </button>
          )}
          {(finding.nodes.length > 0 || finding.networks.length > 0 || finding.vips.length > 0) && (
            <p className="finding-concerns">
              Concerns:{' '}
              {finding.nodes.map((id) => (
                <span key={`n-${id}`} className="chip">
                  {hostname(id)}
                </span>
              ))}
              {finding.networks.map((id) => (
                <span key={`w-${id}`} className="chip chip-network">
                  {id}
                </span>
              ))}
              {finding.vips.map((id) => (
                <span key={`v-${id}`} className="chip chip-vip">
                  VIP {id}
                </span>
              ))}
            </p>
          )}
          <p className="finding-ref" data-testid="finding-reference">
            Source: {ref.document} › {ref.section}
            {ref.seed && <span className="muted"> (seed {ref.seed})</span>}
          </p>
        </div>
      </details>
    </li>
  );
}

/** The findings, grouped by severity; each expands to its why and reference. */
export function FindingsList() {
  const findings = useStore((s) => s.findings);
  const design = useStore((s) => s.validatedDesign);
  const hostname = useMemo(() => {
    const names = new Map(design?.nodes.map((n) => [n.id, n.hostname]));
    return (id: string) => names.get(id) ?? id;
  }, [design]);
  if (design && design.nodes.length === 0) {
    return (
      <p className="muted" data-testid="findings-empty">
        The design has no nodes yet. Draw nodes and networks on the Design tab; the rules check them here as
        you go.
      </p>
    );
  }
  if (findings.length === 0) {
    return (
      <p className="findings-empty" data-testid="findings-empty">
        No findings: every rule passes.
      </p>
    );
  }
  return (
    <div className="findings">
      {GROUPS.map(({ severity, title }) => {
        const list = findings.filter((f) => f.severity === severity);
        if (list.length === 0) return null;
        return (
          <section key={severity} aria-label={title} data-testid={`findings-${severity}`}>
            <h3 className={`findings-heading sev-${severity}`}>
              {title} <span className="count">{list.length}</span>
            </h3>
            <ul className="finding-list">
              {list.map((f, i) => (
                <FindingItem key={`${f.ruleId}-${i}`} finding={f} hostname={hostname} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
