import type { StateCreator } from 'zustand';
import { createDesign } from '../../../shared/design/schema';
import { EMPTY_HISTORY, record } from '../../../shared/design/history';
import { EMPTY_SELECTION } from '../../../shared/design/topology';
import type { AppState, ProjectSlice } from './state';

export const createProjectSlice: StateCreator<AppState, [], [], ProjectSlice> = (set) => ({
  design: createDesign(),
  path: null,
  revision: 0,
  savedRevision: 0,
  savedAt: null,
  updateDesign: (edit, coalesce) =>
    set((state) => {
      const design = edit(state.design);
      if (design === state.design) return {};
      return {
        design,
        revision: state.revision + 1,
        history: record(state.history, state.design, coalesce ?? null),
      };
    }),
  loadProject: (design, path, options) =>
    set((state) => {
      const revision = state.revision + 1;
      return {
        design,
        path,
        revision,
        savedRevision: options?.dirty ? -1 : revision,
        savedAt: null,
        history: EMPTY_HISTORY,
        selection: EMPTY_SELECTION,
        documentId: state.documentId + 1,
      };
    }),
  markSaved: (path, revision, savedAt) => set({ path, savedRevision: revision, savedAt }),
});

/** True when the design has changes that are not in its file. */
export const selectDirty = (state: AppState) => state.revision !== state.savedRevision;
