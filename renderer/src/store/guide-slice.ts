import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/** Where this browser keeps guide progress (per design), so it survives a reload or a restart. */
const PROGRESS_KEY = 'quorum.guide.progress';

/** Section ids done, per design name. */
export type GuideProgress = Record<string, string[]>;

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

/** The Guide tab's state: the open chapter, the step it is running, and what is done. */
export interface GuideSlice {
  guideChapter: string;
  /** The run "Run it for me" started, and for which step. */
  guideRun: { runId: string; step: string } | null;
  guideProgress: GuideProgress;
  /** The checkpoint verification the tab started, and for which chapter. */
  guideCheckpoint: { chapter: string; reportId: string } | null;
  setGuideCheckpoint: (checkpoint: { chapter: string; reportId: string } | null) => void;
  setGuideChapter: (chapter: string) => void;
  setGuideRun: (run: { runId: string; step: string } | null) => void;
  markGuideDone: (design: string, ids: readonly string[]) => void;
  resetGuideProgress: (design: string) => void;
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
