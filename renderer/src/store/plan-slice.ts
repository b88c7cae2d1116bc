import type { StateCreator } from 'zustand';
import type { Plan } from '../../../shared/plan/types';
import type { AppState } from './index';

/** The plan as the user last saw it on the Plan tab, so the tab can show what changed since. */
export interface PlanSlice {
  planBaseline: { plan: Plan; path: string | null } | null;
  setPlanBaseline: (baseline: { plan: Plan; path: string | null } | null) => void;
}

export const createPlanSlice: StateCreator<AppState, [], [], PlanSlice> = (set) => ({
  planBaseline: null,
  setPlanBaseline: (planBaseline) => set({ planBaseline }),
});
