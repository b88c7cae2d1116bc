import type { StateCreator } from 'zustand';
import type { AppState, DrillSlice } from './state';

export const createDrillSlice: StateCreator<AppState, [], [], DrillSlice> = (set) => ({
  drills: [],
  drillRecords: [],
  drillRunning: null,
  setDrillOverview: ({ drills, records, running }) =>
    set({ drills, drillRecords: records, drillRunning: running }),
  addDrillLine: (id, line) =>
    set((s) =>
      s.drillRunning?.id === id
        ? { drillRunning: { ...s.drillRunning, lines: [...s.drillRunning.lines, line] } }
        : {},
    ),
  setDrillRecord: (record) =>
    set((s) =>
      record.status === 'running'
        ? { drillRunning: record }
        : {
            drillRunning: s.drillRunning?.id === record.id ? null : s.drillRunning,
            drillRecords: [...s.drillRecords.filter((r) => r.id !== record.id), record],
          },
    ),
});
