import type { StateCreator } from 'zustand';
import type { Design } from '../../../shared/design/schema';
import { EMPTY_HISTORY, redo, seal, undo } from '../../../shared/design/history';
import { EMPTY_SELECTION, removeItems, type Selection } from '../../../shared/design/topology';
import { copyNodes, pasteNodes } from '../../../shared/design/clipboard';
import type { AppState, CanvasSlice } from './state';

const MINIMAP_KEY = 'quorum.minimap';

function readMinimapShown(): boolean {
  try {
    return localStorage.getItem(MINIMAP_KEY) !== 'hidden';
  } catch {
    return true;
  }
}

export const createCanvasSlice: StateCreator<AppState, [], [], CanvasSlice> = (set, get) => {
  const travel = (step: typeof undo) =>
    set((state) => {
      const moved = step(state.history, state.design);
      if (!moved) return {};
      return {
        design: moved.design,
        history: moved.history,
        revision: state.revision + 1,
        selection: keepExisting(state.selection, moved.design),
        canvasProblem: null,
      };
    });
  return {
    history: EMPTY_HISTORY,
    selection: EMPTY_SELECTION,
    clipboard: null,
    canvasProblem: null,
    helpOpen: false,
    minimapShown: readMinimapShown(),
    placementShown: false,
    documentId: 0,
    undo: () => travel(undo),
    redo: () => travel(redo),
    sealHistory: () => set((state) => ({ history: seal(state.history) })),
    select: (selection) => set({ selection }),
    applyResult: (result, select) => {
      if (!result.ok) {
        set({ canvasProblem: result.problem });
        return false;
      }
      get().updateDesign(() => result.design);
      set({ canvasProblem: null, ...(select ? { selection: select(result.created) } : {}) });
      return true;
    },
    copySelection: () => {
      const { design, selection } = get();
      if (selection.nodes.length) set({ clipboard: copyNodes(design, selection.nodes) });
    },
    paste: () => {
      const { clipboard, design, applyResult } = get();
      if (!clipboard) return;
      const result = pasteNodes(design, clipboard);
      if (applyResult(result, (ids) => ({ ...EMPTY_SELECTION, nodes: ids })) && result.ok) {
        // A second paste lands beside the first, not on top of it.
        set({ clipboard: copyNodes(result.design, result.created) });
      }
    },
    deleteSelection: () => {
      const { selection, updateDesign } = get();
      updateDesign((design) => removeItems(design, selection));
      set({ selection: EMPTY_SELECTION });
    },
    setHelpOpen: (helpOpen) => set({ helpOpen }),
    setMinimapShown: (minimapShown) => {
      set({ minimapShown });
      try {
        localStorage.setItem(MINIMAP_KEY, minimapShown ? 'shown' : 'hidden');
      } catch {
        // No storage (a private window, tests in Node): the choice lasts until the page is reloaded.
      }
    },
    setPlacementShown: (placementShown) => set({ placementShown }),
    setCanvasProblem: (canvasProblem) => set({ canvasProblem }),
  };
};

function keepExisting(selection: Selection, design: Design): Selection {
  const has = (items: { id: string }[], id: string) => items.some((i) => i.id === id);
  return {
    nodes: selection.nodes.filter((id) => has(design.nodes, id)),
    networks: selection.networks.filter((id) => has(design.networks, id)),
    vips: selection.vips.filter((id) => has(design.vips, id)),
  };
}
