import { useEffect, useId, useRef, useState } from 'react';
import type { SshConfigHost } from '../../../../shared/api/operations/ssh-config';
import { Role } from '../../../../shared/design/schema';
import { ROLE_LABELS } from '../../../../shared/design/drawing';
import { EMPTY_SELECTION } from '../../../../shared/design/topology';
import { importSshHosts } from '../../../../shared/design/ssh-import';
import { api } from '../../api';
import { useStore } from '../../store';

/** Reads an OpenSSH config on the Quorum host and adds the chosen hosts as nodes. */
export function SshImportDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [path, setPath] = useState('');
  const [hosts, setHosts] = useState<SshConfigHost[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [role, setRole] = useState<Role | ''>('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const read = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const result = await api().readSshConfig(path.trim() ? { path: path.trim() } : {});
      setHosts(result.hosts);
      setChosen(new Set(result.hosts.map((h) => h.alias)));
      setMessage(
        `${result.hosts.length} hosts in ${result.path}.${result.notes.length ? ` ${result.notes.join(' ')}` : ''}`,
      );
    } catch (error) {
      setHosts(null);
      setMessage((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const importChosen = () => {
    const state = useStore.getState();
    const picked = (hosts ?? []).filter((h) => chosen.has(h.alias));
    const result = importSshHosts(state.design, picked, role ? [role] : []);
    state.updateDesign(() => result.design);
    state.select({ ...EMPTY_SELECTION, nodes: result.ids });
    state.showNotice(`Imported ${picked.length} SSH hosts`);
    onClose();
  };
  return (
    <dialog
      ref={dialog}
      className="modal"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid="ssh-import-dialog"
    >
      <h2 id={`${id}-title`}>Import hosts from an SSH config</h2>
      <div className="modal-body">
        <div className="field">
          <label htmlFor={`${id}-path`}>SSH config path</label>
          <input
            id={`${id}-path`}
            value={path}
            placeholder="~/.ssh/config"
            onChange={(e) => setPath(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void read()}
          />
          <span className="hint">
            Only the config is read; identity files are kept as paths and never opened.
          </span>
        </div>
        <button type="button" onClick={() => void read()} disabled={busy}>
          Read hosts
        </button>
        {message && (
          <p className="hint" role="status" data-testid="ssh-import-message">
            {message}
          </p>
        )}
        {hosts && hosts.length > 0 && (
          <>
            <ul className="file-list">
              {hosts.map((h) => (
                <li key={h.alias}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={chosen.has(h.alias)}
                      onChange={() => {
                        const next = new Set(chosen);
                        if (next.has(h.alias)) next.delete(h.alias);
                        else next.add(h.alias);
                        setChosen(next);
                      }}
                    />
                    <strong>{h.alias}</strong> {h.user ?? 'root'}@{h.host}:{h.port}
                    {h.proxyJump ? ` via ${h.proxyJump}` : ''}
                    {h.identityFile ? ` · key ${h.identityFile}` : ''}
                  </label>
                </li>
              ))}
            </ul>
            <div className="field">
              <label htmlFor={`${id}-role`}>Role for new nodes</label>
              <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
                <option value="">No role yet</option>
                {Role.options.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
      </div>
      <div className="modal-footer">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!chosen.size || !hosts} onClick={importChosen}>
          Import {chosen.size} hosts
        </button>
      </div>
    </dialog>
  );
}
