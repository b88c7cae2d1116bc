import type { StateCreator } from 'zustand';
import type { AppState, VerifySlice } from './state';

export const createVerifySlice: StateCreator<AppState, [], [], VerifySlice> = (set) => ({
  verifyReport: null,
  verifyStarting: false,
  setVerifyReport: (verifyReport) => set({ verifyReport, verifyStarting: false }),
  setVerifyStarting: (verifyStarting) => set({ verifyStarting }),
});
