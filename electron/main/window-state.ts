/**
 * The window's size, position and maximised state, kept in `<dataDir>/window-state.json` between runs.
 * Pure functions (no `electron` import) so that unit tests cover them: a saved position is used only
 * where it is still on a screen (a monitor may have been unplugged, a resolution lowered), else the
 * window is centred by Electron.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-write';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximised) bounds. */
  bounds: Rect;
  maximized: boolean;
}

export interface SizeLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** How much of the window must lie on a display to keep its position: enough to grab the title bar. */
export const MIN_VISIBLE = { width: 120, height: 40 };

export const WINDOW_STATE_FILE = 'window-state.json';

function isRect(value: unknown): value is Rect {
  const r = value as Partial<Rect> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    (r.width as number) > 0 &&
    (r.height as number) > 0
  );
}

/** The saved state, or null when it is missing or not what this version writes. */
export function parseWindowState(value: unknown): WindowState | null {
  const v = value as Partial<WindowState> | null;
  if (typeof v !== 'object' || v === null || !isRect(v.bounds) || typeof v.maximized !== 'boolean')
    return null;
  return { bounds: { ...v.bounds }, maximized: v.maximized };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/**
 * Where the window opens: the saved bounds moved and shrunk to fit inside the work area of the display
 * that shows most of them; only a size (centred by Electron) when no display shows enough of them.
 * `workAreas` are the displays' work areas, the primary one first.
 */
export function restoreBounds(
  saved: WindowState | null,
  workAreas: Rect[],
  limits: SizeLimits,
): { x?: number; y?: number; width: number; height: number } {
  const primary = workAreas[0];
  const fit = (width: number, height: number, area: Rect | undefined) => ({
    width: Math.round(area ? clamp(width, Math.min(limits.minWidth, area.width), area.width) : width),
    height: Math.round(area ? clamp(height, Math.min(limits.minHeight, area.height), area.height) : height),
  });
  if (!saved) return fit(limits.width, limits.height, primary);
  let best: { area: Rect; shown: number } | null = null;
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area);
    const visible =
      o.width >= Math.min(MIN_VISIBLE.width, saved.bounds.width) && o.height >= MIN_VISIBLE.height;
    if (visible && (!best || o.width * o.height > best.shown)) best = { area, shown: o.width * o.height };
  }
  if (!best) return fit(saved.bounds.width, saved.bounds.height, primary);
  const size = fit(saved.bounds.width, saved.bounds.height, best.area);
  return {
    x: Math.round(clamp(saved.bounds.x, best.area.x, best.area.x + best.area.width - size.width)),
    y: Math.round(clamp(saved.bounds.y, best.area.y, best.area.y + best.area.height - size.height)),
    ...size,
  };
}

/** Reads the saved state; null when there is none or it is unreadable (the defaults apply). */
export function loadWindowState(dataDir: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(join(dataDir, WINDOW_STATE_FILE), 'utf8')));
  } catch {
    return null;
  }
}

export function saveWindowState(dataDir: string, state: WindowState): void {
  writeFileAtomic(join(dataDir, WINDOW_STATE_FILE), `${JSON.stringify(state)}\n`);
}
