import { useEffect, useMemo, useRef, type PointerEvent } from 'react';
import { Panel, useReactFlow, useStoreApi } from '@xyflow/react';
import {
  boundsOf,
  fitFrame,
  nextShown,
  toDrawing,
  toMinimap,
  visibleArea,
  wheelZoom,
  type MinimapFrame,
  type Rect,
} from '../../canvas/minimap-geometry';
import type { FlowNode } from '../../canvas/flow-model';
import { NO_POSITIONS, draggedKey, type DragOverlay } from '../../canvas/drag-overlay';
import { useStore } from '../../store';

const WIDTH = 200;
const HEIGHT = 150;
/** Minimap pixels kept free around what it shows. */
const MARGIN = 5;

interface Item extends Rect {
  id: string;
  colour: string;
  selected: boolean;
}

type Colours = ReturnType<typeof readColours>;

/** Colours from the stylesheet (light or dark scheme), read once per scheme, not on every frame. */
function readColours(element: Element) {
  const style = getComputedStyle(element);
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: value('--minimap-background', '#ffffff'),
    mask: value('--minimap-mask', 'rgba(100, 116, 139, 0.25)'),
    view: value('--minimap-view', '#2f6fdf'),
    selected: value('--accent', '#2f6fdf'),
  };
}

function drawItem(
  context: CanvasRenderingContext2D,
  colours: Colours,
  frame: MinimapFrame,
  item: Item,
): void {
  const r = toMinimap(frame, item);
  // A host is a few drawing units on the minimap at most: keep it at least a pixel so it stays visible.
  const width = Math.max(1, r.width);
  const height = Math.max(1, r.height);
  context.fillStyle = item.colour;
  context.fillRect(r.x, r.y, width, height);
  if (item.selected) {
    context.strokeStyle = colours.selected;
    context.lineWidth = 1.5;
    context.strokeRect(r.x - 1, r.y - 1, width + 2, height + 2);
  }
}

/**
 * Draws the minimap: the items that stay put come from a cached layer, redrawn only when the shown part of
 * the drawing, the items or the set of dragged items change; dragged items, the dimmed surroundings and the
 * outline of the visible area are drawn over it on each frame.
 */
function createPainter(canvas: HTMLCanvasElement) {
  const still = document.createElement('canvas');
  still.width = canvas.width;
  still.height = canvas.height;
  let cached: { frame: MinimapFrame; items: Item[]; dragged: string } | null = null;
  let colours: Colours | null = null;
  return {
    resetColours: () => {
      colours = null;
      cached = null;
    },
    paint(frame: MinimapFrame, items: Item[], live: Map<string, Item>, dragged: string, view: Rect) {
      const context = canvas.getContext('2d');
      const stillContext = still.getContext('2d');
      if (!context || !stillContext) return;
      colours ??= readColours(canvas);
      const ratio = canvas.width / WIDTH;
      if (!cached || cached.frame !== frame || cached.items !== items || cached.dragged !== dragged) {
        stillContext.setTransform(ratio, 0, 0, ratio, 0, 0);
        stillContext.fillStyle = colours.background;
        stillContext.fillRect(0, 0, WIDTH, HEIGHT);
        for (const item of items) if (!live.has(item.id)) drawItem(stillContext, colours, frame, item);
        cached = { frame, items, dragged };
      }
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.drawImage(still, 0, 0);
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      for (const item of live.values()) drawItem(context, colours, frame, item);
      // Everything outside the visible area is dimmed; the visible area keeps an outline.
      const v = toMinimap(frame, view);
      context.beginPath();
      context.rect(0, 0, WIDTH, HEIGHT);
      context.rect(v.x, v.y, v.width, v.height);
      context.fillStyle = colours.mask;
      context.fill('evenodd');
      context.strokeStyle = colours.view;
      context.lineWidth = 1;
      context.strokeRect(v.x, v.y, v.width, v.height);
    },
  };
}

/**
 * An overview of the whole drawing with the visible area outlined. Click or drag on it to move the view
 * there; the wheel zooms.
 *
 * Drawn on a canvas rather than React Flow's SVG MiniMap: while a drag auto-pans, the shown area changes on
 * every frame, and the SVG MiniMap then re-lays out one rectangle per host (hundreds, on a large design) and
 * re-renders each as a React component. Here the view's moves never re-render React: the minimap listens to
 * React Flow's store and the drag overlay and redraws at most once per animation frame.
 */
export function Minimap({
  nodes,
  overlay,
  colourOf,
}: {
  nodes: FlowNode[];
  /** Hosts being dragged: shown where the pointer has them. */
  overlay: DragOverlay;
  colourOf: (node: FlowNode) => string;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flowStore = useStoreApi<FlowNode>();
  const flow = useReactFlow();
  const items = useMemo(
    () =>
      nodes.map((node): Item => ({
        id: node.id,
        x: node.position.x,
        y: node.position.y,
        width: node.measured?.width ?? node.width ?? 0,
        height: node.measured?.height ?? node.height ?? 0,
        colour: colourOf(node),
        selected: node.selected ?? false,
      })),
    [nodes, colourOf],
  );
  /** The frame last drawn, which a click maps through; held still while the pointer moves the view. */
  const frameRef = useRef<MinimapFrame | null>(null);
  const held = useRef(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const painter = createPainter(canvas);
    let shown: Rect | null = null;
    let queued = 0;
    const paint = () => {
      queued = 0;
      const { transform, width, height } = flowStore.getState();
      const { positions } = overlay.getState();
      const live = new Map<string, Item>();
      if (positions !== NO_POSITIONS)
        for (const item of items) {
          const p = positions[item.id];
          if (p) live.set(item.id, { ...item, x: p.x, y: p.y });
        }
      const view = visibleArea(transform, width, height);
      if (!held.current || !frameRef.current) {
        const next = nextShown(shown, boundsOf([...items, ...live.values(), view]) ?? view);
        if (next !== shown || !frameRef.current) frameRef.current = fitFrame(next, WIDTH, HEIGHT, MARGIN);
        shown = next;
      }
      painter.paint(frameRef.current, items, live, draggedKey({ positions }), view);
    };
    const schedule = () => {
      queued ||= requestAnimationFrame(paint);
    };
    paint();
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => {
      painter.resetColours();
      schedule();
    };
    scheme.addEventListener('change', onScheme);
    const stopFlow = flowStore.subscribe(schedule);
    const stopOverlay = overlay.subscribe(schedule);
    return () => {
      stopFlow();
      stopOverlay();
      scheme.removeEventListener('change', onScheme);
      cancelAnimationFrame(queued);
    };
  }, [items, flowStore, overlay]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Not React's onWheel: React listens passively, and the page must not scroll under the minimap.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { minZoom, maxZoom } = flowStore.getState();
      void flow.zoomTo(wheelZoom(flow.getZoom(), event.deltaY, minZoom, maxZoom));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [flow, flowStore]);

  const centreOn = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!frameRef.current) return;
    const box = event.currentTarget.getBoundingClientRect();
    const point = toDrawing(frameRef.current, event.clientX - box.left, event.clientY - box.top);
    void flow.setCenter(point.x, point.y, { zoom: flow.getZoom() });
  };
  const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));

  return (
    <Panel position="bottom-right" className="minimap">
      <canvas
        ref={canvasRef}
        width={WIDTH * ratio}
        height={HEIGHT * ratio}
        style={{ width: WIDTH, height: HEIGHT }}
        role="img"
        aria-label="Minimap: click or drag to move the view, scroll to zoom"
        data-testid="minimap"
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          held.current = true;
          centreOn(event);
        }}
        onPointerMove={(event) => {
          if (held.current) centreOn(event);
        }}
        onPointerUp={(event) => {
          event.currentTarget.releasePointerCapture(event.pointerId);
          held.current = false;
        }}
        onPointerCancel={() => (held.current = false)}
      />
      <button
        type="button"
        className="minimap-hide"
        onClick={() => useStore.getState().setMinimapShown(false)}
        aria-label="Hide minimap"
        title="Hide minimap (M)"
      >
        ×
      </button>
    </Panel>
  );
}

/** Where the minimap was, while it is hidden: one button brings it back. */
export function MinimapShowButton() {
  return (
    <Panel position="bottom-right" className="minimap-show">
      <button
        type="button"
        onClick={() => useStore.getState().setMinimapShown(true)}
        title="Show the minimap (M)"
      >
        Minimap
      </button>
    </Panel>
  );
}
