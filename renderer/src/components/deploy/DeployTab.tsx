import { useEffect, useState } from 'react';
import { useStore } from '../../store';
import { taskCounts } from '../../../../shared/deploy/run-state';
import {
  credentialStorage,
  deployCurrentDesign,
  dryRunPlan,
  runAction,
  runPreflight,
  setCredentials,
  startRun,
} from '../../deploy/actions';
import { PreflightTable } from './PreflightTable';
import { SshNotice } from './SshNotice';
import { StepList } from './StepList';
import { TerminalPanel } from './TerminalPanel';
import { VerifyPanel } from './VerifyPanel';

function timeLeft(startedAt: string, done: number, total: number): string | null {
  if (done === 0 || done >= total) return null;
  const perTask = (Date.now() - Date.parse(startedAt)) / done;
  const seconds = Math.round((perTask * (total - done)) / 1000);
  return seconds < 90 ? `about ${seconds} s left` : `about ${Math.round(seconds / 60)} min left`;
}

function Credentials() {
  const [identityFile, setIdentityFile] = useState('');
  const [password, setPassword] = useState('');
  const [sudoPassword, setSudoPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [allowWithoutKeyring, setAllowWithoutKeyring] = useState(false);
  const [storage, setStorage] = useState<Awaited<ReturnType<typeof credentialStorage>> | null>(null);
  useEffect(() => {
    void credentialStorage()
      .then(setStorage)
      .catch(() => undefined);
  }, []);
  return (
    <form
      className="credentials"
      aria-label="Credentials"
      onSubmit={(e) => {
        e.preventDefault();
        void setCredentials({ identityFile, password, sudoPassword, remember, allowWithoutKeyring });
      }}
    >
      <input
        aria-label="Key file"
        placeholder="Key file (~/.ssh/id_ed25519)"
        value={identityFile}
        onChange={(e) => setIdentityFile(e.target.value)}
      />
      <input
        aria-label="Password"
        type="password"
        placeholder="Password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <input
        aria-label="sudo password"
        type="password"
        placeholder="sudo password"
        value={sudoPassword}
        onChange={(e) => setSudoPassword(e.target.value)}
      />
      {storage?.persistent && (
        <label className="inline">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          Remember on this computer
        </label>
      )}
      {storage?.persistent && remember && storage.warning && (
        <label className="inline" role="alert">
          <input
            type="checkbox"
            checked={allowWithoutKeyring}
            onChange={(e) => setAllowWithoutKeyring(e.target.checked)}
          />
          {storage.warning} Store anyway
        </label>
      )}
      <button type="submit">Use for all nodes</button>
      {storage && !storage.persistent && (
        <span className="muted">
          Kept in memory only (browser mode): never written to disk or the design.
        </span>
      )}
    </form>
  );
}

/** Deploy: preflight, then run the plan with per-node status and the terminal. */
export function DeployTab() {
  const plan = useStore((s) => s.deployPlan);
  const run = useStore((s) => s.run);
  const dryRun = useStore((s) => s.dryRunText);
  const sshNotice = useStore((s) => s.sshNotice);
  const [continueOthers, setContinueOthers] = useState(false);
  const nodeCount = useStore((s) => s.design.nodes.length);
  if (!plan) {
    return (
      <section className="card" data-testid="deploy-no-plan">
        <h2>Deploy</h2>
        <p className="muted">
          No plan loaded yet. The plan is compiled from the open design; review it in the Plan tab, or load it
          here.
        </p>
        <button
          type="button"
          className="primary"
          disabled={nodeCount === 0}
          onClick={() => void deployCurrentDesign()}
        >
          Load the design’s plan
        </button>
      </section>
    );
  }
  const counts = run ? taskCounts(run) : null;
  const finished = counts ? counts.ok + counts.skipped : 0;
  const active = run?.status === 'running' || run?.status === 'stopping';
  const eta = run && counts && active ? timeLeft(run.startedAt, finished, counts.total) : null;
  return (
    <div className="deploy">
      <section className="card">
        <h2>
          Deploy “{plan.designName}” — {plan.nodes.length} nodes, {plan.steps.length} steps
        </h2>
        <SshNotice notice={sshNotice} />
        <Credentials />
        <div className="toolbar deploy-toolbar">
          <button onClick={() => void runPreflight()}>Preflight</button>
          <button onClick={() => void dryRunPlan()}>Dry run</button>
          <button
            className="primary"
            disabled={active}
            onClick={() => void startRun(continueOthers ? 'continue-other-nodes' : 'stop')}
          >
            Start
          </button>
          <button disabled={!active} onClick={() => void runAction('deployStop')}>
            Stop
          </button>
          <button className="danger" disabled={!active} onClick={() => void runAction('deployCancel')}>
            Cancel
          </button>
          <button
            disabled={!run || active || run.status === 'done'}
            onClick={() => void runAction('deployResume')}
          >
            Resume
          </button>
          <label className="inline">
            <input
              type="checkbox"
              checked={continueOthers}
              onChange={(e) => setContinueOthers(e.target.checked)}
            />
            On failure, continue the other nodes
          </label>
        </div>
        {run && counts && (
          <div className="progress-line">
            <progress max={counts.total} value={finished} aria-label="Progress" />
            <span data-testid="run-status">
              {run.status}: {finished}/{counts.total} done
              {counts.failed ? `, ${counts.failed} failed` : ''}
              {counts.unknown ? `, ${counts.unknown} unknown` : ''}
              {eta ? ` — ${eta}` : ''}
            </span>
          </div>
        )}
        <PreflightTable />
      </section>
      {dryRun && (
        <section className="card" aria-label="Dry run">
          <h2>Dry run (nothing was changed)</h2>
          <pre className="dry-run">{dryRun}</pre>
        </section>
      )}
      <StepList />
      <VerifyPanel />
      <TerminalPanel />
    </div>
  );
}
