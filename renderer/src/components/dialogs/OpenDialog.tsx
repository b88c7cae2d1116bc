import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ProjectEntry } from '../../../../shared/api/contract';
import { api } from '../../api';
import { openProjectAt } from '../../commands';
import { useStore } from '../../store';
import { Modal } from './Modal';

/** The open dialog where the host has no native one: recent projects, the projects folder, or a path. */
export function OpenDialog() {
  const closeDialog = useStore((s) => s.closeDialog);
  const [path, setPath] = useState('');
  const [recent, setRecent] = useState<ProjectEntry[] | null>(null);
  const [folder, setFolder] = useState<{ dir: string; projects: ProjectEntry[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  useEffect(() => {
    void api()
      .listRecentProjects({})
      .then(
        (r) => setRecent(r.projects),
        () => setRecent([]),
      );
    void api()
      .listProjectFolder({})
      .then(setFolder, () => setFolder(null));
  }, []);

  const open = async (target: string) => {
    setBusy(true);
    await openProjectAt(target);
    setBusy(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void open(path.trim());
  };
  const list = (entries: ProjectEntry[]) => (
    <ul className="file-list">
      {entries.map((entry) => (
        <li key={entry.path}>
          <button type="button" className="file-entry" disabled={busy} onClick={() => void open(entry.path)}>
            <span className="file-name">{entry.name ?? entry.path.split('/').pop()}</span>
            <span className="file-path">{entry.path}</span>
          </button>
        </li>
      ))}
    </ul>
  );

  return (
    <Modal
      title="Open project"
      testId="open-dialog"
      onClose={closeDialog}
      footer={
        <>
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" form={`${inputId}-form`} className="primary" disabled={busy || !path.trim()}>
            Open
          </button>
        </>
      }
    >
      <form id={`${inputId}-form`} onSubmit={submit} className="field">
        <label htmlFor={inputId}>Path on the Quorum host</label>
        <input
          id={inputId}
          autoFocus
          value={path}
          placeholder={folder ? `${folder.dir}/my-cloud.quorum` : '~/Quorum/my-cloud.quorum'}
          onChange={(e) => setPath(e.target.value)}
        />
      </form>
      {recent && recent.length > 0 && (
        <>
          <h3>Recent</h3>
          {list(recent)}
        </>
      )}
      {folder && (
        <>
          <h3>In {folder.dir}</h3>
          {folder.projects.length ? (
            list(folder.projects)
          ) : (
            <p className="muted">No project files there yet.</p>
          )}
        </>
      )}
    </Modal>
  );
}
