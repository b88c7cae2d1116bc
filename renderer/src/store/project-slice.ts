import type { StateCreator } from 'zustand';
import { createDesign, type Design } from '../../../shared/design/schema';
import { EMPTY_HISTORY, record } from '../../../shared/design/history';
import { EMPTY_SELECTION } from '../../../shared/design/topology';
import type { AppState } from './index';

/** The open project: the design is the single source of truth for everything the tabs show. */
export interface ProjectSlice {
  design: Design;
  /** Where the project is saved, or null for a project never saved. */
  path: string | null;
  /** Bumped on every change; a save records the revision it wrote, so edits during a save stay unsaved. */
  revision: number;
  savedRevision: number;
  savedAt: string | null;
  /**
   * Applies a pure edit from `shared/design` and records it for undo. Edits with the same `coalesce` key in a
   * row (typing in one field, dragging one node) are one undo step.
   */
  updateDesign: (edit: (design: Design) => Design, coalesce?: string) => void;
  /** Replaces the whole project (new, open, recover). */
  loadProject: (design: Design, path: string | null, options?: { dirty?: boolean }) => void;
  markSaved: (path: string, revision: number, savedAt: string) => void;
}

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
