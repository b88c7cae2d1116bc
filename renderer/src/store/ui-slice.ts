import type { StateCreator } from 'zustand';
import type { AppState, UiSlice } from './state';

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  tab: 'design',
  dialog: null,
  notice: null,
  connection: 'connecting',
  appInfo: null,
  recovery: null,
  setTab: (tab) => set({ tab }),
  showDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  showNotice: (notice) => set({ notice }),
  setConnection: (connection) => set({ connection }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setRecovery: (recovery) => set({ recovery }),
});
