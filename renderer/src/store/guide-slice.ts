import type { StateCreator } from 'zustand';
import type { AppState, GuideProgress, GuideSlice } from './state';

export type { GuideProgress, GuideSlice } from './state';

/** Where this browser keeps guide progress (per design), so it survives a reload or a restart. */
const PROGRESS_KEY = 'quorum.guide.progress';

function loadProgress(): GuideProgress {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(PROGRESS_KEY) ?? '{}');
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
    const progress: GuideProgress = {};
    for (const [design, ids] of Object.entries(raw)) {
      if (Array.isArray(ids)) progress[design] = ids.filter((id): id is string => typeof id === 'string');
    }
    return progress;
  } catch {
    // A damaged entry is progress lost, not a broken tab.
    return {};
  }
}

function saveProgress(progress: GuideProgress): void {
  try {
    globalThis.localStorage?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // Storage full or disabled: progress stays for this session only.
  }
}

export const createGuideSlice: StateCreator<AppState, [], [], GuideSlice> = (set, get) => ({
  guideChapter: 'concepts',
  guideRun: null,
  guideProgress: loadProgress(),
  guideCheckpoint: null,
  setGuideCheckpoint: (guideCheckpoint) => set({ guideCheckpoint }),
  setGuideChapter: (guideChapter) => set({ guideChapter }),
  setGuideRun: (guideRun) => set({ guideRun }),
  markGuideDone: (design, ids) => {
    const before = get().guideProgress[design] ?? [];
    const added = ids.filter((id) => !before.includes(id));
    if (added.length === 0) return;
    const guideProgress = { ...get().guideProgress, [design]: [...before, ...added] };
    saveProgress(guideProgress);
    set({ guideProgress });
  },
  resetGuideProgress: (design) => {
    const { [design]: _dropped, ...rest } = get().guideProgress;
    saveProgress(rest);
    set({ guideProgress: rest });
  },
});
