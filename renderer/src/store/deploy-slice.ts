import type { StateCreator } from 'zustand';
import type { AppState, DeploySlice } from './state';

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
