import { useId, useState } from 'react';
import { DesignCanvas } from '../canvas/DesignCanvas';
import { Palette } from '../canvas/Palette';
import { Inspector } from '../canvas/Inspector';
import { CanvasToolbar, ShortcutHelp } from '../canvas/CanvasToolbar';
import { SshImportDialog } from '../canvas/SshImportDialog';
import { EmptyCanvasOffer } from '../canvas/TemplatePicker';
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
    <section className="project-bar" aria-labelledby={`${nameId}-heading`}>
      <h2 id={`${nameId}-heading`}>Project</h2>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          value={name}
          maxLength={200}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${nameId}-error` : undefined}
          onChange={(e) => updateDesign((d) => renameProject(d, e.target.value), 'project:name')}
          onBlur={() => useStore.getState().sealHistory()}
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

export function DesignTab() {
  const [importing, setImporting] = useState(false);
  return (
    <div className="design-tab">
      <ProjectSettings />
      <div className="design-workspace">
        <Palette />
        <div className="canvas-column">
          <CanvasToolbar onImportSsh={() => setImporting(true)} />
          <DesignCanvas />
          <EmptyCanvasOffer />
          <ShortcutHelp />
        </div>
        <Inspector />
      </div>
      {importing && <SshImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}
