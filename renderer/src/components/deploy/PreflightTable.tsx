import { useStore } from '../../store';
import { trustHostKey } from '../../deploy/actions';

const yes = (ok: boolean) => (ok ? '✔' : '✖');

/** Reachability, login, sudo and OS of every node, with the fix for each failure. */
export function PreflightTable() {
  const rows = useStore((s) => s.preflight);
  const busy = useStore((s) => s.preflightBusy);
  if (!rows) return busy ? <p className="muted">Checking every node…</p> : null;
  return (
    <table className="preflight" aria-label="Preflight">
      <thead>
        <tr>
          <th>Node</th>
          <th>SSH</th>
          <th>Reachable</th>
          <th>Login</th>
          <th>sudo</th>
          <th>OS</th>
          <th>Problem and fix</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.node} data-testid={`preflight-${row.node}`}>
            <td>{row.hostname}</td>
            <td>{row.target}</td>
            <td>{yes(row.reachable)}</td>
            <td>{yes(row.auth)}</td>
            <td>{yes(row.sudo)}</td>
            <td>
              {row.os ?? '—'} {row.osMatches === false && '(does not match the design)'}
            </td>
            <td>
              {row.problem ? (
                <>
                  <div>{row.problem}</div>
                  <div className="muted">{row.fix}</div>
                  {row.hostKey && !row.hostKey.knownFingerprints && (
                    <button
                      onClick={() =>
                        void trustHostKey(row.hostKey!.host, row.hostKey!.port, row.hostKey!.key)
                      }
                    >
                      Trust {row.hostKey.keyType} key {row.hostKey.fingerprint}
                    </button>
                  )}
                </>
              ) : (
                'ready'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
