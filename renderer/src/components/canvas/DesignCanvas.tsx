import { SimulationOutcome } from '../validate/SimulationPanel';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStoreApi,
  useStore as useFlowStore,
  type ReactFlowState,
  type Connection,
  type Edge,
  type NodeChange,
  type NodePositionChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import './overlays.css';
import { ROLE_COLOURS } from '../../../../shared/design/drawing';
import { EMPTY_SELECTION, connectNode, moveItems } from '../../../../shared/design/topology';
import {
  createFlowNodeDeriver,
  createNicLineDeriver,
  isLaneFlowId,
  networkIdOf,
  type FlowNode,
} from '../../canvas/flow-model';
import {
  NO_POSITIONS,
  createDragOverlay,
  pointerCorrection,
  shiftPositions,
  withPositions,
  type Grab,
  type Positions,
} from '../../canvas/drag-overlay';
import { useStore } from '../../store';
import { HostNode, LaneNode } from './FlowParts';
import { Minimap, MinimapShowButton } from './Minimap';
import { NicLayer } from './NicLayer';
import { bindCanvasShortcuts } from './shortcuts';

const nodeTypes = { host: HostNode, lane: LaneNode };
/** Grid the nodes snap to while dragged: keeps rows aligned without a layout pass. */
const SNAP: [number, number] = [8, 8];
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1.2 };

function minimapColour(node: FlowNode): string {
  if (node.type === 'lane') return '#94a3b8';
  return ROLE_COLOURS[node.data.node.roles[0] ?? 'monitoring'];
}

function applyChanges(changes: NodeChange<FlowNode>[]): void {
  const state = useStore.getState();
  const hosts: Record<string, { x: number; y: number }> = {};
  const lanes: Record<string, { x: number; y: number }> = {};
  const nodes = new Set(state.selection.nodes);
  const networks = new Set(state.selection.networks);
  let selectionChanged = false;
  let selectedSomething = false;
  let dragEnded = false;
  for (const change of changes) {
    if (change.type === 'position') {
      if (change.position)
        (isLaneFlowId(change.id) ? lanes : hosts)[
          isLaneFlowId(change.id) ? networkIdOf(change.id) : change.id
        ] = change.position;
      if (change.dragging === false) dragEnded = true;
    } else if (change.type === 'select') {
      selectionChanged = true;
      selectedSomething ||= change.selected;
      const set = isLaneFlowId(change.id) ? networks : nodes;
      const id = isLaneFlowId(change.id) ? networkIdOf(change.id) : change.id;
      if (change.selected) set.add(id);
      else set.delete(id);
    }
  }
  const moved = [...Object.keys(hosts), ...Object.keys(lanes)];
  if (moved.length) state.updateDesign((d) => moveItems(d, hosts, lanes), `move:${moved.sort().join(',')}`);
  if (dragEnded) state.sealHistory();
  if (selectionChanged) {
    state.select({
      nodes: [...nodes],
      networks: [...networks],
      vips: selectedSomething ? [] : state.selection.vips,
    });
  }
}

function onConnect(connection: Connection): void {
  if (!isLaneFlowId(connection.target)) return;
  const state = useStore.getState();
  state.applyResult(connectNode(state.design, connection.source, networkIdOf(connection.target)), () => ({
    ...EMPTY_SELECTION,
    nodes: [connection.source],
  }));
}

function isValidConnection(connection: Connection | Edge): boolean {
  return !isLaneFlowId(connection.source) && isLaneFlowId(connection.target);
}

/** Below this zoom NIC labels are too small to read; leaving them out keeps large drawings light to paint. */
const LABEL_MIN_ZOOM = 0.45;
const labelsReadable = (s: ReactFlowState) => s.transform[2] >= LABEL_MIN_ZOOM;
/**
 * Below this zoom a host's name, role badges and SSH line are a few pixels high: hosts are drawn as their box
 * and role stripe only, on no dot grid, which keeps a pan or an auto-pan over hundreds of hosts cheap to repaint.
 */
const HOST_TEXT_MIN_ZOOM = 0.25;
const hostTextReadable = (s: ReactFlowState) => s.transform[2] >= HOST_TEXT_MIN_ZOOM;

/** In simulate mode a click fails or repairs the host or network under the pointer. */
function onNodeClick(_event: unknown, node: FlowNode): void {
  const state = useStore.getState();
  if (!state.simulateOnCanvas) return;
  if (isLaneFlowId(node.id)) state.toggleFailed('networks', networkIdOf(node.id));
  else state.toggleFailed('nodes', node.id);
}

/**
 * The drag overlay (see canvas/drag-overlay.ts) and the flow-node change handler that feeds it. Moves are
 * gathered and applied once per animation frame: a pointer move and React Flow's auto-pan tick often both move
 * the dragged hosts in the same frame, and only the last position is ever drawn. Applying updates the overlay
 * and hands React Flow the moved nodes straight through its store: the canvas itself does not re-render.
 *
 * The dragged items stay under the pointer where it grabbed them. React Flow (12.12) starts a drag once the pointer
 * has moved past its threshold and measures the grab from there, so the items trailed the pointer by that first
 * move, and a quick first move left a host dropped that far off (12 px in the e2e's stepped moves, during
 * auto-pan or not). Each applied frame and the drop shift the items by whole grid steps so that the grabbed one
 * is where the pointer holds it (see `pointerCorrection`).
 */
function useDragOverlay(derived: FlowNode[]) {
  const overlay = useMemo(createDragOverlay, []);
  const flowStore = useStoreApi<FlowNode>();
  const flow = useReactFlow<FlowNode>();
  const derivedRef = useRef(derived);
  useLayoutEffect(() => {
    derivedRef.current = derived;
  }, [derived]);
  /** React Flow's latest positions of the dragged items (before the pointer correction); a frame draws them. */
  const raw = useRef<Positions>(NO_POSITIONS);
  const frame = useRef(0);
  const grab = useRef<Grab | null>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const corrected = useCallback(
    (positions: Positions): Positions => {
      const g = grab.current;
      const at = pointer.current;
      if (!g || !at) return positions;
      const shift = pointerCorrection(
        g,
        flow.screenToFlowPosition(at, { snapToGrid: false }),
        positions[g.id],
        SNAP,
      );
      return shiftPositions(positions, shift);
    },
    [flow],
  );
  /** Where the button went down: React Flow starts a drag only once the pointer has moved past its threshold. */
  const down = useRef<{ x: number; y: number } | null>(null);
  useEffect(() => {
    // Capture, and pointer events: they arrive before the mouse events React Flow's drag listens to, so the
    // drop below sees where the button was released.
    const press = (event: PointerEvent) => {
      down.current = { x: event.clientX, y: event.clientY };
    };
    const track = (event: PointerEvent) => {
      if (grab.current) pointer.current = { x: event.clientX, y: event.clientY };
    };
    window.addEventListener('pointerdown', press, true);
    window.addEventListener('pointermove', track, true);
    window.addEventListener('pointerup', track, true);
    return () => {
      window.removeEventListener('pointerdown', press, true);
      window.removeEventListener('pointermove', track, true);
      window.removeEventListener('pointerup', track, true);
    };
  }, []);
  const onNodeDragStart = useCallback(
    (event: MouseEvent | TouchEvent, node: FlowNode) => {
      const client = 'touches' in event ? event.touches[0] : event;
      if (!client) return;
      const now = { x: client.clientX, y: client.clientY };
      // The item is held where it was grabbed (the button press), not where the pointer was once React Flow's
      // drag threshold was passed: a quick first move would otherwise leave it that far behind.
      const at = flow.screenToFlowPosition(down.current ?? now, { snapToGrid: false });
      grab.current = { id: node.id, offset: { x: at.x - node.position.x, y: at.y - node.position.y } };
      pointer.current = now;
    },
    [flow],
  );
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const live: Record<string, { x: number; y: number }> = {};
      const rest: NodeChange<FlowNode>[] = [];
      const ends: NodePositionChange[] = [];
      for (const change of changes) {
        if (change.type === 'position' && change.dragging && change.position)
          live[change.id] = change.position;
        else if (change.type === 'position' && change.dragging === false) ends.push(change);
        else rest.push(change);
      }
      if (Object.keys(live).length) {
        raw.current = { ...raw.current, ...live };
        frame.current ||= requestAnimationFrame(() => {
          frame.current = 0;
          const shown = corrected(raw.current);
          overlay.setState({ positions: shown });
          flowStore.getState().setNodes(withPositions(derivedRef.current, shown));
        });
      }
      if (ends.length) {
        // The drop commits the final positions to the design, where the pointer let go; a move still waiting
        // for its frame is dropped.
        cancelAnimationFrame(frame.current);
        frame.current = 0;
        const last: Record<string, { x: number; y: number }> = { ...raw.current };
        for (const end of ends) if (end.position) last[end.id] = end.position;
        const dropped = corrected(last);
        for (const end of ends) rest.push(dropped[end.id] ? { ...end, position: dropped[end.id] } : end);
        grab.current = null;
        pointer.current = null;
        raw.current = NO_POSITIONS;
      }
      if (rest.length) applyChanges(rest);
      if (ends.length) overlay.setState({ positions: NO_POSITIONS });
    },
    [overlay, flowStore, corrected],
  );
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  // Rendered nodes include the overlay too, so a re-render during a drag (a selection change) keeps the
  // dragged items where the pointer has them.
  const nodes = useMemo(() => withPositions(derived, overlay.getState().positions), [derived, overlay]);
  return { overlay, nodes, onNodesChange, onNodeDragStart };
}

/** Whether a pointer is moving the view or a drawn item: the drawing is then its own layer (see canvas.css). */
function useMoving() {
  const [draggingItem, setDraggingItem] = useState(false);
  const [draggingView, setDraggingView] = useState(false);
  const handlers = useMemo(
    () => ({
      onNodeDragStart: () => setDraggingItem(true),
      onNodeDragStop: () => setDraggingItem(false),
      // A wheel zoom or a programmatic move (fit view, auto-pan) is not a pointer drag of the view.
      onMoveStart: (event: MouseEvent | TouchEvent | null) => {
        if (event && event.type !== 'wheel') setDraggingView(true);
      },
      onMoveEnd: () => setDraggingView(false),
    }),
    [],
  );
  return [draggingItem || draggingView, handlers] as const;
}

function Canvas() {
  const [moving, movingHandlers] = useMoving();
  const readable = useFlowStore(labelsReadable);
  const hostText = useFlowStore(hostTextReadable);
  const simulate = useStore((s) => s.simulateOnCanvas);
  const minimapShown = useStore((s) => s.minimapShown);
  const design = useStore((s) => s.design);
  const selection = useStore((s) => s.selection);
  const deriveNodes = useMemo(createFlowNodeDeriver, []);
  const deriveLines = useMemo(createNicLineDeriver, []);
  const derived = useMemo(() => deriveNodes(design, selection), [deriveNodes, design, selection]);
  const { overlay, nodes, onNodesChange, onNodeDragStart } = useDragOverlay(derived);
  const { onNodeDragStart: startMoving } = movingHandlers;
  const onDragStart = useCallback(
    (event: MouseEvent | TouchEvent, node: FlowNode) => {
      onNodeDragStart(event, node);
      startMoving();
    },
    [onNodeDragStart, startMoving],
  );
  const lines = useMemo(() => deriveLines(design), [deriveLines, design]);
  const flow = useReactFlow();
  const fit = useCallback(() => void flow.fitView(FIT_OPTIONS), [flow]);
  useEffect(() => bindCanvasShortcuts({ fitView: fit }), [fit]);
  useEffect(() => {
    window.addEventListener('quorum:fit-view', fit);
    return () => window.removeEventListener('quorum:fit-view', fit);
  }, [fit]);
  return (
    <ReactFlow<FlowNode>
      nodes={nodes}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      {...movingHandlers}
      onNodeDragStart={onDragStart}
      onNodeClick={onNodeClick}
      nodesDraggable={!simulate}
      elementsSelectable={!simulate}
      onConnect={onConnect}
      isValidConnection={isValidConnection}
      onPaneClick={() => useStore.getState().select(EMPTY_SELECTION)}
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
      snapToGrid
      snapGrid={SNAP}
      fitView
      fitViewOptions={FIT_OPTIONS}
      minZoom={0.05}
      onlyRenderVisibleElements
      proOptions={{ hideAttribution: true }}
      aria-label="Topology canvas"
      className={
        [hostText ? '' : 'hosts-compact', simulate ? 'simulating' : '', moving ? 'moving' : '']
          .filter(Boolean)
          .join(' ') || undefined
      }
    >
      <NicLayer nodes={nodes} lines={lines} showLabels={readable} overlay={overlay} />
      {/* Below HOST_TEXT_MIN_ZOOM the dots are under a pixel apart and tint rather than show a grid. */}
      {hostText && <Background gap={16} />}
      {minimapShown ? (
        <Minimap nodes={nodes} overlay={overlay} colourOf={minimapColour} />
      ) : (
        <MinimapShowButton />
      )}
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

/** The topology drawing: hosts, network lanes, NIC lines and VIP chips, all derived from the design. */
export function DesignCanvas() {
  const documentId = useStore((s) => s.documentId);
  const simulate = useStore((s) => s.simulateOnCanvas);
  const design = useStore((s) => s.validatedDesign);
  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlowProvider>
        <Canvas key={documentId} />
      </ReactFlowProvider>
      {simulate && design && (
        <aside className="canvas-simulation" aria-label="Simulation">
          <p className="muted">Click hosts and networks to fail or repair them.</p>
          <SimulationOutcome design={design} />
        </aside>
      )}
    </div>
  );
}
