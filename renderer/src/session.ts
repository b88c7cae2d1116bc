/**
 * The bridge between the backend and the store: start-up, backend events, autosave and the window
 * title. The one module where backend events reach the store.
 */
import { api, connectApi } from './api';
import { runMenuCommand, newProject, openProject, saveProject, saveProjectAs } from './commands';
import { selectDirty, useStore } from './store';
import { attachDeploy } from './deploy/actions';
import { loadLastVerification, verifyAfterRun } from './deploy/verify-actions';
import { loadDrills } from './deploy/drill-actions';
import { isGuideRun, noteGuideCheckpoint, noteGuideRun } from './guide/events';
import { setAcknowledger, writeOutput, writeShell } from './deploy/terminal-output';

/** Autosave this long after the last change: often enough to lose little, rarely enough not to churn. */
const AUTOSAVE_DELAY_MS = 1000;

function windowTitle(name: string, dirty: boolean): string {
  return `${dirty ? '● ' : ''}${name} — Quorum`;
}

function watchDocument(): void {
  let autosaveTimer: number | undefined;
  let lastAutosaved = -1;
  useStore.subscribe((state, previous) => {
    const dirty = selectDirty(state);
    const title = windowTitle(state.design.name.trim() || 'Untitled', dirty);
    if (title !== document.title || state.path !== previous.path || dirty !== selectDirty(previous)) {
      document.title = title;
      void api()
        .reportDocumentState({ title, dirty, path: state.path })
        .catch(() => undefined);
    }
    const recoveryResolved = previous.recovery !== null && state.recovery === null;
    if (
      dirty &&
      state.revision !== lastAutosaved &&
      (state.revision !== previous.revision || recoveryResolved)
    ) {
      window.clearTimeout(autosaveTimer);
      autosaveTimer = window.setTimeout(() => {
        const now = useStore.getState();
        // While earlier unsaved work is on offer, writing the autosave would destroy it: wait for the
        // user to restore or discard it.
        if (!selectDirty(now) || now.recovery) return;
        lastAutosaved = now.revision;
        void api()
          .writeAutosave({ design: now.design, path: now.path })
          .catch((error: unknown) => now.showNotice(`Autosave failed: ${(error as Error).message}`));
      }, AUTOSAVE_DELAY_MS);
    }
  });
  document.title = windowTitle(useStore.getState().design.name, false);
  window.addEventListener('beforeunload', (event) => {
    if (selectDirty(useStore.getState())) event.preventDefault();
  });
}

/** Ctrl/Cmd+N/O/S and Shift+S, where the host has no native menu to own them. */
function bindShortcuts(): void {
  window.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    const action =
      key === 'n'
        ? newProject
        : key === 'o'
          ? openProject
          : key === 's'
            ? event.shiftKey
              ? saveProjectAs
              : saveProject
            : null;
    if (!action) return;
    event.preventDefault();
    action();
  });
}

/** Connects, loads what the host offers, and offers back unsaved work from a previous run. */
export async function startSession(): Promise<void> {
  const store = useStore.getState();
  const quorum = connectApi((state) => useStore.getState().setConnection(state));
  const info = await quorum.getAppInfo({});
  store.setAppInfo(info);
  if (!info.capabilities.nativeMenu) bindShortcuts();
  quorum.onMenuCommand(runMenuCommand);
  setAcknowledger((runId, chars) => void quorum.deployAck({ runId, chars }).catch(() => undefined));
  quorum.onDeployState(({ run }) => {
    const before = useStore.getState().run;
    useStore.getState().setRun(run);
    noteGuideRun(run);
    if (!isGuideRun(run)) verifyAfterRun(before, run);
  });
  quorum.onVerifyReport(({ report }) => {
    useStore.getState().setVerifyReport(report);
    noteGuideCheckpoint(report);
  });
  quorum.onDrillProgress(({ id, line }) => useStore.getState().addDrillLine(id, line));
  quorum.onDrillState(({ record }) => {
    useStore.getState().setDrillRecord(record);
    // A drill that ended frees the buttons (and a failed one may have changed which can run).
    if (record.status !== 'running') void loadDrills().catch(() => undefined);
  });
  quorum.onDeployOutput(({ runId, node, data }) => writeOutput(runId, node, data));
  quorum.onShellOutput(({ shellId, data }) => writeShell(shellId, data));
  quorum.onShellExit(({ shellId }) => {
    writeShell(shellId, '\r\n[the shell has ended]\r\n');
    useStore.getState().endShell(shellId);
  });
  await attachDeploy().catch((error: unknown) => store.showNotice(`Deploy: ${(error as Error).message}`));
  await loadLastVerification().catch(() => undefined);
  const { autosave } = await quorum.readAutosave({});
  if (autosave) store.setRecovery(autosave);
  watchDocument();
}
