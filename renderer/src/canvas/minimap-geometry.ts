/**
 * Geometry of the canvas minimap: which part of the drawing it shows, where a drawn item or the visible area
 * lands on it, and which drawing point a click on it means. Pure, so it is tested without a canvas.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How drawing coordinates map onto the minimap: minimap = (drawing - origin) / unitsPerPixel. */
export interface MinimapFrame {
  originX: number;
  originY: number;
  /** Drawing units per minimap pixel; the same along both axes, so shapes keep their proportions. */
  unitsPerPixel: number;
}

/** The smallest rectangle holding every rectangle given; null for none. */
export function boundsOf(rects: Iterable<Rect>): Rect | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const r of rects) {
    left = Math.min(left, r.x);
    top = Math.min(top, r.y);
    right = Math.max(right, r.x + r.width);
    bottom = Math.max(bottom, r.y + r.height);
  }
  return left === Infinity ? null : { x: left, y: top, width: right - left, height: bottom - top };
}

/** The part of the drawing on screen, from React Flow's transform [x, y, zoom] and the pane's size. */
export function visibleArea(
  transform: readonly [number, number, number],
  width: number,
  height: number,
): Rect {
  const [tx, ty, zoom] = transform;
  return { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
}

/**
 * Fits `shown` into a minimap of `width` × `height` pixels with `margin` pixels free on every side, centred
 * along the axis it does not fill.
 */
export function fitFrame(shown: Rect, width: number, height: number, margin: number): MinimapFrame {
  const innerWidth = Math.max(1, width - 2 * margin);
  const innerHeight = Math.max(1, height - 2 * margin);
  const unitsPerPixel = Math.max(shown.width / innerWidth, shown.height / innerHeight, Number.EPSILON);
  return {
    originX: shown.x + shown.width / 2 - (width / 2) * unitsPerPixel,
    originY: shown.y + shown.height / 2 - (height / 2) * unitsPerPixel,
    unitsPerPixel,
  };
}

/** A drawing rectangle in minimap pixels. */
export function toMinimap(frame: MinimapFrame, r: Rect): Rect {
  return {
    x: (r.x - frame.originX) / frame.unitsPerPixel,
    y: (r.y - frame.originY) / frame.unitsPerPixel,
    width: r.width / frame.unitsPerPixel,
    height: r.height / frame.unitsPerPixel,
  };
}

/** The drawing point under a minimap pixel. */
export function toDrawing(frame: MinimapFrame, x: number, y: number): { x: number; y: number } {
  return { x: frame.originX + x * frame.unitsPerPixel, y: frame.originY + y * frame.unitsPerPixel };
}

/** The zoom a wheel step on the minimap leads to: one notch is a factor of 1.2, kept within the canvas limits. */
export function wheelZoom(zoom: number, deltaY: number, min: number, max: number): number {
  const next = deltaY < 0 ? zoom * 1.2 : deltaY > 0 ? zoom / 1.2 : zoom;
  return Math.min(max, Math.max(min, next));
}

function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/**
 * The part of the drawing the minimap shows next, given what it showed before and what must be on it now (the
 * drawing and the visible area). It keeps showing the same part while that still holds everything and is not
 * far too large, and otherwise re-fits with some slack: a pan or an auto-pan then moves the outline across a
 * still minimap instead of re-fitting (and redrawing every host) on every frame.
 */
export function nextShown(previous: Rect | null, wanted: Rect, slack = 0.15): Rect {
  if (
    previous &&
    contains(previous, wanted) &&
    wanted.width * wanted.height >= 0.4 * previous.width * previous.height
  )
    return previous;
  const dx = wanted.width * slack;
  const dy = wanted.height * slack;
  return { x: wanted.x - dx, y: wanted.y - dy, width: wanted.width + 2 * dx, height: wanted.height + 2 * dy };
}
