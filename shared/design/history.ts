/**
 * Undo/redo of design snapshots. Designs are immutable, so a snapshot is just the previous object.
 * Consecutive edits with the same coalescing key (typing in one field, dragging one node) make one step.
 */
import type { Design } from './schema';

/** How many steps Undo can go back; snapshots share structure, so this costs little memory. */
export const HISTORY_LIMIT = 200;

/** Past and future designs around the present one (which the store keeps). */
export interface History {
  past: Design[];
  future: Design[];
  /** The key of the last recorded edit, or null when the next edit must start a new step. */
  lastKey: string | null;
}

/** An empty history. */
export const EMPTY_HISTORY: History = { past: [], future: [], lastKey: null };

/**
 * Records that `previous` was replaced by an edit. An edit with the same non-null `key` as the last one
 * joins that step (the snapshot before the first of them stays the undo point). Clears the redo list.
 */
export function record(history: History, previous: Design, key: string | null = null): History {
  if (key !== null && key === history.lastKey) return { ...history, future: [] };
  const past = [...history.past, previous];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [], lastKey: key };
}

/** Goes back one step: the design to show and the new history, or null when there is nothing to undo. */
export function undo(history: History, present: Design): { design: Design; history: History } | null {
  const design = history.past.at(-1);
  if (!design) return null;
  return {
    design,
    history: { past: history.past.slice(0, -1), future: [present, ...history.future], lastKey: null },
  };
}

/** Goes forward one step, or null when there is nothing to redo. */
export function redo(history: History, present: Design): { design: Design; history: History } | null {
  const design = history.future[0];
  if (!design) return null;
  return {
    design,
    history: { past: [...history.past, present], future: history.future.slice(1), lastKey: null },
  };
}

/** Ends the current coalescing step, so the next edit starts a new one (a field lost focus). */
export function seal(history: History): History {
  return history.lastKey === null ? history : { ...history, lastKey: null };
}
