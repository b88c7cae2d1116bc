import { useEffect, useMemo, useRef, type PointerEvent } from 'react';
import { Panel, useReactFlow, useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import {
  boundsOf,
  fitFrame,
  toDrawing,
  toMinimap,
  visibleArea,
  wheelZoom,
  type MinimapFrame,
  type Rect,
} from '../../canvas/minimap-geometry';
import type { FlowNode } from '../../canvas/flow-model';
import { useStore as useZustand } from 'zustand';
import { positionsOf, withPositions, type DragOverlay } from '../../canvas/drag-overlay';

const WIDTH = 200;
const HEIGHT = 150;
/** Minimap pixels kept free around the drawing. */
const MARGIN = 5;

const transformOf = (s: ReactFlowState) => s.transform;
const widthOf = (s: ReactFlowState) => s.width;
const heightOf = (s: ReactFlowState) => s.height;
const minZoomOf = (s: ReactFlowState) => s.minZoom;
const maxZoomOf = (s: ReactFlowState) => s.maxZoom;

interface Item extends Rect {
  colour: string;
  selected: boolean;
}

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

function draw(
  canvas: HTMLCanvasElement,
  colours: ReturnType<typeof readColours>,
  frame: MinimapFrame,
  items: Item[],
  view: Rect,
): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const ratio = canvas.width / WIDTH;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.fillStyle = colours.background;
  context.fillRect(0, 0, WIDTH, HEIGHT);
  for (const item of items) {
    const r = toMinimap(frame, item);
    // A host is a few drawing units on the minimap at most: keep it at least a pixel so it stays visible.
    context.fillStyle = item.colour;
    context.fillRect(r.x, r.y, Math.max(1, r.width), Math.max(1, r.height));
    if (item.selected) {
      context.strokeStyle = colours.selected;
      context.lineWidth = 1.5;
      context.strokeRect(r.x - 1, r.y - 1, Math.max(1, r.width) + 2, Math.max(1, r.height) + 2);
    }
  }
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
}

/**
 * An overview of the whole drawing with the visible area outlined. Click or drag on it to move the view
 * there; the wheel zooms.
 *
 * Drawn on a canvas rather than React Flow's SVG MiniMap: while a drag auto-pans, the shown area changes on
 * every frame, and the SVG MiniMap then re-lays out one rectangle per host (hundreds, on a large design) and
 * re-renders each as a React component. Here a frame is one canvas redraw.
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
  const positions = useZustand(overlay, positionsOf);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const transform = useFlowStore(transformOf);
  const paneWidth = useFlowStore(widthOf);
  const paneHeight = useFlowStore(heightOf);
  const minZoom = useFlowStore(minZoomOf);
  const maxZoom = useFlowStore(maxZoomOf);
  const flow = useReactFlow();
  const items = useMemo(
    () =>
      withPositions(nodes, positions).map((node) => ({
        x: node.position.x,
        y: node.position.y,
        width: node.measured?.width ?? node.width ?? 0,
        height: node.measured?.height ?? node.height ?? 0,
        colour: colourOf(node),
        selected: node.selected ?? false,
      })),
    [nodes, positions, colourOf],
  );
  const view = visibleArea(transform, paneWidth, paneHeight);
  // While the pointer moves the view from the minimap, the frame stays as it was at pointer-down: otherwise
  // the minimap would re-fit under the pointer as the view moves, and the view would run away from it.
  const heldFrame = useRef<MinimapFrame | null>(null);
  const shown = boundsOf([...items, view]) ?? view;
  const frame = heldFrame.current ?? fitFrame(shown, WIDTH, HEIGHT, MARGIN);
  const frameRef = useRef(frame);
  frameRef.current = frame;

  const colours = useRef<ReturnType<typeof readColours> | null>(null);
  useEffect(() => {
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const reset = () => (colours.current = null);
    scheme.addEventListener('change', reset);
    return () => scheme.removeEventListener('change', reset);
  }, []);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    colours.current ??= readColours(canvas);
    draw(canvas, colours.current, frame, items, view);
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Not React's onWheel: React listens passively, and the page must not scroll under the minimap.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const zoom = wheelZoom(flow.getZoom(), event.deltaY, minZoom, maxZoom);
      void flow.zoomTo(zoom);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [flow, minZoom, maxZoom]);

  const centreOn = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const point = toDrawing(frameRef.current, event.clientX - box.left, event.clientY - box.top);
    void flow.setCenter(point.x, point.y, { zoom: flow.getZoom() });
  };

  return (
    <Panel position="bottom-right" className="minimap">
      <canvas
        ref={canvasRef}
        width={WIDTH * Math.max(1, Math.round(window.devicePixelRatio || 1))}
        height={HEIGHT * Math.max(1, Math.round(window.devicePixelRatio || 1))}
        style={{ width: WIDTH, height: HEIGHT }}
        role="img"
        aria-label="Minimap: click or drag to move the view, scroll to zoom"
        data-testid="minimap"
        onPointerDown={(event) => {
          if (event.button !== 0) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          heldFrame.current = frameRef.current;
          centreOn(event);
        }}
        onPointerMove={(event) => {
          if (heldFrame.current) centreOn(event);
        }}
        onPointerUp={(event) => {
          event.currentTarget.releasePointerCapture(event.pointerId);
          heldFrame.current = null;
        }}
        onPointerCancel={() => (heldFrame.current = null)}
      />
    </Panel>
  );
}
