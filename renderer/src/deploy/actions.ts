/**
 * What the Deploy tab's buttons do: calls to the backend, results into the store.
 */
import { api } from '../api';
import { useStore } from '../store';
import { createShellTerminal, resetTerminals, shellKey, writeOutput } from './terminal-output';

function report(error: unknown): void {
  useStore.getState().showNotice((error as Error).message);
}

function nodeLabels(): Record<string, string> {
  const plan = useStore.getState().deployPlan;
  return Object.fromEntries((plan?.nodes ?? []).map((n) => [n.id, n.hostname]));
}

/** Loads the plan and the run (after start-up or a reload) and refills the terminals from the logs. */
export async function attachDeploy(): Promise<void> {
  const view = await api().deployAttach({});
  const store = useStore.getState();
  store.setDeployPlan(view.plan);
  store.setRun(view.run);
  store.setSshNotice(view.sshNotice);
  resetTerminals(nodeLabels());
  for (const [node, text] of Object.entries(view.logs)) writeOutput(null, node, text);
}

/** Compiles the open design and hands its plan to the deploy backend, then shows the Deploy tab. */
export async function deployCurrentDesign(): Promise<void> {
  const store = useStore.getState();
  try {
    // The compiler loads with the Plan and Deploy tabs, not at start-up.
    const { compilePlan } = await import('../../../shared/plan/compile');
    const plan = compilePlan(store.design);
    await api().deployLoadPlan({ plan });
    store.setDeployPlan(plan);
    store.setPreflight(null, false);
    resetTerminals(nodeLabels());
    store.setTab('deploy');
  } catch (error) {
    report(error);
  }
}

export async function runPreflight(): Promise<void> {
  const store = useStore.getState();
  store.setPreflight(store.preflight, true);
  try {
    const { rows } = await api().deployPreflight({});
    useStore.getState().setPreflight(rows, false);
  } catch (error) {
    useStore.getState().setPreflight(null, false);
    report(error);
  }
}

export async function trustHostKey(host: string, port: number, key: string): Promise<void> {
  await api().deployTrustHostKey({ host, port, key }).catch(report);
  await runPreflight();
}

export async function startRun(onFailure: 'stop' | 'continue-other-nodes'): Promise<void> {
  resetTerminals(nodeLabels());
  useStore.getState().setDryRunText(null);
  await api()
    .deployStart({ options: { concurrency: 16, onFailure } })
    .catch(report);
}

export async function dryRunPlan(): Promise<void> {
  try {
    const { text } = await api().deployDryRun({});
    useStore.getState().setDryRunText(text);
  } catch (error) {
    report(error);
  }
}

type RunAction = 'deployStop' | 'deployCancel' | 'deployResume';

export async function runAction(action: RunAction): Promise<void> {
  const run = useStore.getState().run;
  if (run) await api()[action]({ runId: run.runId }).catch(report);
}

export async function taskAction(
  action: 'deployRetry' | 'deploySkip',
  step: string,
  node: string,
): Promise<void> {
  const run = useStore.getState().run;
  if (run) await api()[action]({ runId: run.runId, step, node }).catch(report);
}

export async function setCredentials(values: {
  identityFile: string;
  password: string;
  sudoPassword: string;
  remember: boolean;
  allowWithoutKeyring: boolean;
}): Promise<void> {
  await api()
    .deploySetCredentials({
      target: '*',
      ...(values.identityFile ? { identityFile: values.identityFile } : {}),
      ...(values.password ? { password: values.password } : {}),
      ...(values.sudoPassword ? { sudoPassword: values.sudoPassword } : {}),
      ...(values.remember ? { remember: true, allowWithoutKeyring: values.allowWithoutKeyring } : {}),
    })
    .then(() =>
      useStore
        .getState()
        .showNotice(
          values.remember
            ? 'Credentials set and remembered (encrypted)'
            : 'Credentials set (kept in the backend’s memory only)',
        ),
    )
    .catch(report);
}

/** Whether this host can remember credentials, and the keyring warning. */
export function credentialStorage() {
  return api().deployCredentialStorage({});
}

/** Opens an interactive shell on a node and shows it in a new terminal tab. */
export async function openShell(node: string): Promise<void> {
  try {
    const { shellId } = await api().shellOpen({ node, cols: 100, rows: 24 });
    createShellTerminal(
      shellId,
      (data) =>
        void api()
          .shellInput({ shellId, data })
          .catch(() => undefined),
      (cols, rows) =>
        void api()
          .shellResize({ shellId, cols, rows })
          .catch(() => undefined),
    );
    const store = useStore.getState();
    store.addShell(shellId, node);
    store.setTerminalTab(shellKey(shellId));
  } catch (error) {
    report(error);
  }
}
