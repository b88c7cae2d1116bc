import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  fitFrame,
  nextShown,
  toDrawing,
  toMinimap,
  visibleArea,
  wheelZoom,
} from './minimap-geometry';

describe('minimap geometry', () => {
  it('bounds hold every rectangle, and there are none for no rectangles', () => {
    expect(
      boundsOf([
        { x: 10, y: 20, width: 5, height: 5 },
        { x: -30, y: 40, width: 100, height: 10 },
      ]),
    ).toEqual({ x: -30, y: 20, width: 100, height: 30 });
    expect(boundsOf([])).toBeNull();
  });

  it('the visible area follows React Flow’s transform and zoom', () => {
    // Translated by (-200, 100) at zoom 0.5: the pane's top-left corner shows drawing point (400, -200).
    expect(visibleArea([-200, 100, 0.5], 800, 600)).toEqual({ x: 400, y: -200, width: 1600, height: 1200 });
  });

  it('fits the shown rectangle inside the margins, centred along the axis it does not fill', () => {
    const shown = { x: 0, y: 0, width: 1000, height: 100 };
    const frame = fitFrame(shown, 200, 150, 5);
    const r = toMinimap(frame, shown);
    // Width-bound: 1000 units over 190 pixels.
    expect(r.x).toBeCloseTo(5);
    expect(r.width).toBeCloseTo(190);
    expect(r.y + r.height / 2).toBeCloseTo(75);
    expect(r.height).toBeCloseTo(19);
  });

  it('a minimap pixel maps back to the drawing point drawn there', () => {
    const frame = fitFrame({ x: -500, y: 300, width: 4000, height: 3000 }, 200, 150, 5);
    const point = { x: 1234, y: 2345, width: 0, height: 0 };
    const onMap = toMinimap(frame, point);
    const back = toDrawing(frame, onMap.x, onMap.y);
    expect(back.x).toBeCloseTo(1234);
    expect(back.y).toBeCloseTo(2345);
  });

  it('a wheel notch zooms by 1.2 and stays within the canvas limits', () => {
    expect(wheelZoom(1, -100, 0.05, 2)).toBeCloseTo(1.2);
    expect(wheelZoom(1, 100, 0.05, 2)).toBeCloseTo(1 / 1.2);
    expect(wheelZoom(1.9, -100, 0.05, 2)).toBe(2);
    expect(wheelZoom(0.05, 100, 0.05, 2)).toBe(0.05);
    expect(wheelZoom(0.7, 0, 0.05, 2)).toBe(0.7);
  });
});

describe('what the minimap shows', () => {
  const drawing = { x: 0, y: 0, width: 1000, height: 600 };

  it('re-fits with slack when something falls outside, then holds still while it all stays inside', () => {
    const first = nextShown(null, drawing);
    expect(first.x).toBeLessThan(0);
    expect(first.width).toBeGreaterThan(1000);
    // The view pans a little beyond the drawing, still inside the slack: same part shown.
    const panned = boundsOf([drawing, { x: -50, y: -40, width: 400, height: 300 }])!;
    expect(nextShown(first, panned)).toBe(first);
    // Far beyond: re-fitted to hold it.
    const far = boundsOf([drawing, { x: -2000, y: 0, width: 400, height: 300 }])!;
    const refit = nextShown(first, far);
    expect(refit).not.toBe(first);
    expect(refit.x).toBeLessThanOrEqual(-2000);
  });

  it('shrinks back once what it must show is far smaller than what it shows', () => {
    const wide = nextShown(null, { x: -5000, y: -5000, width: 11000, height: 11000 });
    const back = nextShown(wide, drawing);
    expect(back.width).toBeLessThan(2000);
  });
});
