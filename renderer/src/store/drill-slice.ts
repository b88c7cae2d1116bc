import type { StateCreator } from 'zustand';
import type { DrillAvailability, DrillRecord } from '../../../shared/drill/types';
import type { AppState } from './index';

/** The Verify panel's failure drills: what can run, the running drill's lines, earlier results of the run. */
export interface DrillSlice {
  /** Each drill's availability for the open design (with the reason when it cannot run). */
  drills: DrillAvailability[];
  /** Finished drills of the design's run, oldest first (kept by the backend in the run's drills.json). */
  drillRecords: DrillRecord[];
  /** The drill in progress, with its phase lines so far. */
  drillRunning: DrillRecord | null;
  setDrillOverview: (overview: {
    drills: DrillAvailability[];
    records: DrillRecord[];
    running: DrillRecord | null;
  }) => void;
  /** A `drillProgress` line: appended to the running drill's lines. */
  addDrillLine: (id: string, line: string) => void;
  /** A `drillState` record: the running drill, or a finished one added to the records. */
  setDrillRecord: (record: DrillRecord) => void;
}

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
