import type { StateCreator } from 'zustand';
import type { VerifyReport } from '../../../shared/verify/types';
import type { AppState } from './index';

/** The Deploy tab's Verify panel: the last verification report (kept with the run by the backend). */
export interface VerifySlice {
  verifyReport: VerifyReport | null;
  /** A verification was asked for and its first report has not arrived yet. */
  verifyStarting: boolean;
  setVerifyReport: (report: VerifyReport | null) => void;
  setVerifyStarting: (starting: boolean) => void;
}

export const createVerifySlice: StateCreator<AppState, [], [], VerifySlice> = (set) => ({
  verifyReport: null,
  verifyStarting: false,
  setVerifyReport: (verifyReport) => set({ verifyReport, verifyStarting: false }),
  setVerifyStarting: (verifyStarting) => set({ verifyStarting }),
});
