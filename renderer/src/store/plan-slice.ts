import type { StateCreator } from 'zustand';
import type { AppState, PlanSlice } from './state';

export const createPlanSlice: StateCreator<AppState, [], [], PlanSlice> = (set) => ({
  planBaseline: null,
  setPlanBaseline: (planBaseline) => set({ planBaseline }),
});
