import type { StateCreator } from 'zustand';
import type { Plan } from '../../../shared/plan/types';
import type { RunState } from '../../../shared/deploy/run-state';
import type { PreflightRow } from '../../../shared/api/operations/deploy';
import type { AppState } from './index';

/** The Deploy tab's state. Terminal output never passes through here (see deploy/terminals.ts). */
export interface DeploySlice {
  deployPlan: Plan | null;
  run: RunState | null;
  preflight: PreflightRow[] | null;
  preflightBusy: boolean;
  dryRunText: string | null;
  /** The backend's word on its SSH (pure-JS crypto), shown once at the top of the tab. */
  sshNotice: string | null;
  /** Which terminal is shown: `all`, a node id, or `shell:<id>`. */
  terminalTab: string;
  /** Interactive shells opened from the terminal panel. */
  shells: { shellId: string; node: string; ended: boolean }[];
  addShell: (shellId: string, node: string) => void;
  endShell: (shellId: string) => void;
  setDeployPlan: (plan: Plan | null) => void;
  setRun: (run: RunState | null) => void;
  setPreflight: (rows: PreflightRow[] | null, busy: boolean) => void;
  setDryRunText: (text: string | null) => void;
  setSshNotice: (text: string | null) => void;
  setTerminalTab: (tab: string) => void;
}

export const createDeploySlice: StateCreator<AppState, [], [], DeploySlice> = (set) => ({
  deployPlan: null,
  run: null,
  preflight: null,
  preflightBusy: false,
  dryRunText: null,
  sshNotice: null,
  terminalTab: 'all',
  shells: [],
  addShell: (shellId, node) => set((s) => ({ shells: [...s.shells, { shellId, node, ended: false }] })),
  endShell: (shellId) =>
    set((s) => ({ shells: s.shells.map((sh) => (sh.shellId === shellId ? { ...sh, ended: true } : sh)) })),
  setDeployPlan: (deployPlan) => set({ deployPlan }),
  setRun: (run) => set({ run }),
  setPreflight: (preflight, preflightBusy) => set({ preflight, preflightBusy }),
  setDryRunText: (dryRunText) => set({ dryRunText }),
  setSshNotice: (sshNotice) => set({ sshNotice }),
  setTerminalTab: (terminalTab) => set({ terminalTab }),
});
