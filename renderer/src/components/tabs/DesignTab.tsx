import { useId } from 'react';
import { DistroFamily, RELEASES } from '../../../../shared/design/schema';
import { projectNameProblem, renameProject, setDistro, setRelease } from '../../../../shared/design/edit';
import { useStore } from '../../store';

const DISTRO_LABELS: Record<DistroFamily, string> = {
  debian: 'Debian / Ubuntu',
  rhel: 'RHEL family (RHEL, Rocky, Alma, CentOS Stream)',
  suse: 'openSUSE / SLES',
};

function ProjectSettings() {
  const name = useStore((s) => s.design.name);
  const release = useStore((s) => s.design.release);
  const distro = useStore((s) => s.design.distro);
  const updateDesign = useStore((s) => s.updateDesign);
  const nameId = useId();
  const problem = projectNameProblem(name);
  return (
    <section className="card" aria-labelledby={`${nameId}-heading`}>
      <h2 id={`${nameId}-heading`}>Project</h2>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          value={name}
          maxLength={200}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${nameId}-error` : undefined}
          onChange={(e) => updateDesign((d) => renameProject(d, e.target.value))}
        />
        {problem && (
          <span className="field-error" id={`${nameId}-error`} role="alert">
            {problem}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${nameId}-release`}>OpenStack release</label>
        <select
          id={`${nameId}-release`}
          value={release}
          onChange={(e) => updateDesign((d) => setRelease(d, e.target.value as (typeof RELEASES)[number]))}
        >
          {[...RELEASES].reverse().map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${nameId}-distro`}>Distribution family</label>
        <select
          id={`${nameId}-distro`}
          value={distro}
          onChange={(e) => updateDesign((d) => setDistro(d, DistroFamily.parse(e.target.value)))}
        >
          {DistroFamily.options.map((d) => (
            <option key={d} value={d}>
              {DISTRO_LABELS[d]}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}

function DesignSummary() {
  const nodes = useStore((s) => s.design.nodes.length);
  const networks = useStore((s) => s.design.networks.length);
  const vips = useStore((s) => s.design.vips.length);
  return (
    <section className="card" aria-label="Design contents">
      <h2>Topology</h2>
      <dl className="counts" data-testid="design-counts">
        <div>
          <dt>Nodes</dt>
          <dd>{nodes}</dd>
        </div>
        <div>
          <dt>Networks</dt>
          <dd>{networks}</dd>
        </div>
        <div>
          <dt>VIPs</dt>
          <dd>{vips}</dd>
        </div>
      </dl>
      <p className="coming">
        The topology canvas comes here: a palette of node roles (controller, compute, network, storage, load
        balancer, garbd arbitrator), networks drawn as lanes with CIDR, VLAN and MTU, NICs with allocated
        addresses, and VIPs with the services they front.
      </p>
    </section>
  );
}

export function DesignTab() {
  return (
    <div className="design-tab">
      <ProjectSettings />
      <DesignSummary />
    </div>
  );
}
