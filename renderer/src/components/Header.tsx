import { newProject, openProject, saveProject, saveProjectAs } from '../commands';
import { selectDirty, useStore } from '../store';

export function Header() {
  const name = useStore((s) => s.design.name);
  const path = useStore((s) => s.path);
  const dirty = useStore(selectDirty);
  const mod = navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl+';
  return (
    <header className="header">
      <div className="brand" aria-hidden="true">
        Q
      </div>
      <div className="project-title">
        <h1 data-testid="project-title">
          {name.trim() || 'Untitled'}
          {dirty && (
            <span
              className="dirty-marker"
              title="Unsaved changes"
              aria-label="unsaved changes"
              data-testid="dirty-marker"
            >
              {' '}
              ●
            </span>
          )}
        </h1>
        <span className="project-path" data-testid="project-path">
          {path ?? 'Not saved yet'}
        </span>
      </div>
      <nav className="toolbar" aria-label="Project">
        <button type="button" onClick={newProject} title={`New project (${mod}N)`}>
          New
        </button>
        <button type="button" onClick={openProject} title={`Open a project (${mod}O)`}>
          Open…
        </button>
        <button type="button" onClick={saveProject} title={`Save (${mod}S)`}>
          Save
        </button>
        <button type="button" onClick={saveProjectAs} title={`Save as (${mod}Shift+S)`}>
          Save As…
        </button>
      </nav>
    </header>
  );
}
